@testable import ConvergenceAPI
import Configuration
import ConvergenceAPITesting
import Foundation
import Testing

/// The layering of issue 4: defaults < file < environment (PORT, CONVERGENCE_*) < flags.
@Suite struct SettingsLoaderTests {
    func writeFile(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convergence-settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("convergence.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaultsWhenNothingIsGiven() async throws {
        let loader = SettingsLoader(filePath: nil, environment: [:])
        // No default file in the test's working directory is fine; if the repo's is there it
        // carries the same values as the embedded defaults except the catalog path.
        let s = try await loader.load()
        #expect(s.host == "0.0.0.0")
        #expect(s.port == 8080)
        #expect(s.maxBodyBytes == 1_048_576)
        #expect(s.corsOrigins == ["*"])
    }

    @Test func fileOverridesDefaults() async throws {
        let path = try writeFile(#"{"server":{"port":9001,"host":"127.0.0.1"},"gzip":{"minimumBytes":10},"log":{"format":"text"}}"#)
        let s = try await SettingsLoader(filePath: path, environment: [:]).load()
        #expect(s.port == 9001)
        #expect(s.host == "127.0.0.1")
        #expect(s.gzipMinimumBytes == 10)
        #expect(s.logFormat == .text)
        #expect(s.idleTimeout == 5)
    }

    @Test func environmentOverridesFileAndFlagsOverrideEnvironment() async throws {
        let path = try writeFile(#"{"server":{"port":9001},"proxy":{"trusted":["10.0.0.0/8"]}}"#)
        let env = ["PORT": "9002", "CONVERGENCE_LOG_LEVEL": "debug", "CONVERGENCE_PROXY_TRUSTED": "127.0.0.1,::1"]
        var s = try await SettingsLoader(filePath: path, environment: env).load()
        #expect(s.port == 9002)
        #expect(s.logLevel == "debug")
        #expect(s.trustedProxies == ["127.0.0.1", "::1"])
        // CONVERGENCE_SERVER_PORT beats PORT; the flag beats both.
        s = try await SettingsLoader(filePath: path, environment: env.merging(["CONVERGENCE_SERVER_PORT": "9003"]) { $1 }).load()
        #expect(s.port == 9003)
        s = try await SettingsLoader(filePath: path, environment: env, overrides: ["server.port": .int(9004)]).load()
        #expect(s.port == 9004)
    }

    @Test func everyProblemIsReportedWithItsSource() async throws {
        let path = try writeFile(#"{"server":{"port":"eighty"},"log":{"format":"xml"},"proxy":{"trusted":["not-an-ip"]}}"#)
        await #expect(throws: SettingsLoader.Failure.self) {
            _ = try await SettingsLoader(filePath: path, environment: ["CONVERGENCE_GZIP_MINIMUM_BYTES": "lots"]).load()
        }
        do {
            _ = try await SettingsLoader(filePath: path, environment: ["CONVERGENCE_GZIP_MINIMUM_BYTES": "lots"]).load()
        } catch {
            let keys = Set(error.problems.map(\.key))
            #expect(keys.isSuperset(of: ["server.port", "log.format", "proxy.trusted", "gzip.minimumBytes"]))
            #expect(error.problems.first { $0.key == "gzip.minimumBytes" }?.source == "CONVERGENCE_GZIP_MINIMUM_BYTES")
            #expect(error.problems.first { $0.key == "server.port" }?.source == path)
        }
    }

    @Test func missingExplicitFileIsAnError() async {
        await #expect(throws: SettingsLoader.Failure.self) {
            _ = try await SettingsLoader(filePath: "/nonexistent/convergence.json", environment: [:]).load()
        }
    }

    @Test func malformedFileIsAnError() async throws {
        let path = try writeFile(#"{"server": {"port": 80"#)
        await #expect(throws: SettingsLoader.Failure.self) {
            _ = try await SettingsLoader(filePath: path, environment: [:]).load()
        }
    }

    @Test func outOfRangeValuesAreRejected() async throws {
        let path = try writeFile(#"{"server":{"port":70000},"timeouts":{"idleSeconds":0}}"#)
        do {
            _ = try await SettingsLoader(filePath: path, environment: [:]).load()
            Issue.record("expected a failure")
        } catch {
            #expect(error.problems.map(\.key).sorted() == ["server.port", "timeouts.idleSeconds"])
        }
    }

    /// A misspelt key is a problem with the file and the key's location (as the
    /// catalog rejects unknown fields), not a silent default; the other keys are still read.
    @Test func unknownKeysInTheFileAreProblems() async throws {
        let path = try writeFile(#"{"gzip":{"minimumByte":10},"timeouts":{"idleSecs":3,"bodySeconds":4},"extra":1,"log":"text"}"#)
        do {
            _ = try await SettingsLoader(filePath: path, environment: [:]).load()
            Issue.record("expected a failure")
        } catch {
            #expect(error.problems.map(\.key).sorted() == ["extra", "gzip.minimumByte", "log", "timeouts.idleSecs"])
            #expect(error.problems.allSatisfy { $0.source == path })
            let typo = try #require(error.problems.first { $0.key == "gzip.minimumByte" })
            #expect(typo.message.contains(#"unknown key "minimumByte""#))
            #expect(typo.message.contains("minimumBytes"))
            #expect(error.problems.first { $0.key == "log" }?.message.contains("must be an object") == true)
            #expect(error.settings?.bodyTimeout == 4)
        }
    }

    /// `--config /nope.json` says why it cannot be read, with no empty location.
    @Test func missingExplicitFileSaysWhy() async {
        do {
            _ = try await SettingsLoader(filePath: "/nonexistent/convergence.json", environment: [:]).load()
            Issue.record("expected a failure")
        } catch {
            let text = error.description
            #expect(text == "/nonexistent/convergence.json: cannot read the file: No such file or directory")
        }
    }

    /// check-config lists the settings problems *and* still checks the
    /// catalog (its path is known), every problem with its file, and reports failure.
    @Test func checkConfigReportsSettingsAndCatalogProblems() async throws {
        let catalog = try temporaryCatalog()
        try #"{"id": "rlhf", "#.write(toFile: catalog + "/catalog/rlhf.json", atomically: true, encoding: .utf8)
        let path = try writeFile(#"{"server":{"port":99999},"gzip":{"minimumByte":1},"paths":{"catalog":"\#(catalog)"}}"#)
        let check = await ConfigCheck.run(SettingsLoader(filePath: path, environment: [:]))
        let errors = check.lines.filter { $0.hasPrefix("error: ") }
        #expect(errors.contains { $0.hasPrefix("error: \(path): server.port: ") })
        #expect(errors.contains { $0.hasPrefix("error: \(path): gzip.minimumByte: ") })
        #expect(errors.contains { $0.hasPrefix("error: \(catalog)/") && $0.contains("rlhf.json") })
        #expect(check.problemCount == errors.count)
        #expect(check.problemCount >= 3)
        #expect(check.lines.last == "\(check.problemCount) problems found")
    }

    /// `limits.batchItems` and `proxy.header` take the same layers as every setting: default,
    /// file, environment; bad values are problems naming their source.
    @Test func batchItemsAndProxyHeaderAreLayeredSettings() async throws {
        let defaults = ServiceSettings()
        #expect(defaults.maxBatchItems == 1000 && defaults.proxyHeader == .xForwardedFor)
        let path = try writeFile(#"{"limits":{"batchItems":50},"proxy":{"header":"forwarded"}}"#)
        var s = try await SettingsLoader(filePath: path, environment: [:]).load()
        #expect(s.maxBatchItems == 50 && s.proxyHeader == .forwarded)
        s = try await SettingsLoader(filePath: path, environment: ["CONVERGENCE_LIMITS_BATCH_ITEMS": "7",
                                                                   "CONVERGENCE_PROXY_HEADER": "X-Forwarded-For"]).load()
        #expect(s.maxBatchItems == 7 && s.proxyHeader == .xForwardedFor)
        do {
            _ = try await SettingsLoader(filePath: path, environment: ["CONVERGENCE_LIMITS_BATCH_ITEMS": "0",
                                                                       "CONVERGENCE_PROXY_HEADER": "x-real-ip"]).load()
            Issue.record("expected a failure")
        } catch {
            #expect(error.problems.map(\.key).sorted() == ["limits.batchItems", "proxy.header"])
            #expect(error.problems.allSatisfy { $0.source.hasPrefix("CONVERGENCE_") })
        }
        let check = await ConfigCheck.run(SettingsLoader(filePath: path, environment: ["CONVERGENCE_PROXY_TRUSTED": "10.0.0.1"]))
        #expect(check.lines.contains { $0.contains("trusted proxies 10.0.0.1 (reading forwarded)") && $0.contains("batch items 50") })
    }

    /// A clean configuration reports "ok" and no problem.
    @Test func checkConfigOnTheEmbeddedCatalogIsOK() async throws {
        let path = try writeFile(#"{"paths":{"catalog":""}}"#)
        let check = await ConfigCheck.run(SettingsLoader(filePath: path, environment: [:]))
        #expect(check.problemCount == 0, "\(check.lines)")
        #expect(check.lines.last == "ok")
    }

    /// `timeouts.drainGraceSeconds` is part of the drain deadline, so it must be below it;
    /// 0 (no grace) is allowed, negative is not.
    @Test func drainGraceIsValidated() async throws {
        let ok = try await SettingsLoader(environment: ["CONVERGENCE_TIMEOUTS_DRAIN_GRACE_SECONDS": "0"]).load()
        #expect(ok.drainGrace == 0)
        #expect(ServiceSettings().drainGrace == 2)
        for bad in ["-1", "10", "12"] {
            await #expect(throws: SettingsLoader.Failure.self) {
                _ = try await SettingsLoader(environment: ["CONVERGENCE_TIMEOUTS_DRAIN_GRACE_SECONDS": bad]).load()
            }
        }
    }

    /// The settings table and config/README.md list the same keys, each with the environment
    /// variable the loader reads for it.
    @Test func everySettingIsDocumentedWithItsEnvironmentName() throws {
        let readme = try String(contentsOf: RepositoryFilesTests.root.appending(path: "config/README.md"), encoding: .utf8)
        var documented: [String: String] = [:]
        for line in readme.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            // Rows of the settings tables (the file table above them names no variable).
            guard cells.count >= 2, cells[0].hasPrefix("`"), cells[1].contains("CONVERGENCE_") else { continue }
            documented[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[1]
        }
        let keys = SettingKey.all.map(\.name)
        #expect(Set(documented.keys) == Set(keys))
        #expect(keys.count == Set(keys).count, "a key is listed twice")
        for key in keys {
            let environment = "CONVERGENCE_" + key.split(separator: ".").map { SettingsLoader.screaming(String($0)) }.joined(separator: "_")
            #expect(documented[key]?.contains("`\(environment)`") == true, "\(key): \(documented[key] ?? "undocumented")")
        }
    }

    /// Only what the server is built from needs a restart: the socket, parser limits and
    /// timeouts, and turning HTTPS on or off (config/README.md).
    @Test func restartOnlyKeysComeFromTheTable() {
        var changed = ServiceSettings()
        changed.port = 1
        changed.maxHeaderBytes = 1
        changed.idleTimeout = 1
        changed.maxBatchItems = 1
        changed.corsOrigins = []
        changed.tlsCertificate = "cert.pem"
        changed.tlsKey = "key.pem"
        #expect(ServiceSettings.restartOnlyChanges(from: ServiceSettings(), to: changed)
            == ["server.port", "limits.headerBytes", "timeouts.idleSeconds", "tls.certificate"])
    }
}
