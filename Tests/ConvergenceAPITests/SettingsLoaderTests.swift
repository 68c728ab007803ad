@testable import ConvergenceAPI
import Configuration
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
}
