@testable import ConvergenceAPI
import ConvergenceAPITesting
import Foundation
import HTTPServer
import HTTPTestSupport
import Testing

/// The TLS settings (config/README.md, docs/tls.md): their environment names, the pairing
/// rule, and what check-config says about the files.
@Suite struct TLSSettingsTests {
    @Test func environmentNamesTheFilesAndTheHandshakeTimeout() async throws {
        let env = [
            "CONVERGENCE_TLS_CERTIFICATE": "/etc/convergence/cert.pem",
            "CONVERGENCE_TLS_KEY": "/etc/convergence/key.pem",
            "CONVERGENCE_TLS_CLIENT_CA": "/etc/convergence/proxy-ca.pem",
            "CONVERGENCE_TLS_HANDSHAKE_TIMEOUT_SECONDS": "3",
        ]
        let s = try await SettingsLoader(filePath: nil, environment: env).load()
        #expect(s.tlsFiles == TLSFiles(
            certificate: "/etc/convergence/cert.pem", key: "/etc/convergence/key.pem",
            clientCA: "/etc/convergence/proxy-ca.pem"))
        #expect(s.tlsHandshakeTimeout == 3)
    }

    @Test func tlsIsOffByDefault() async throws {
        let s = try await SettingsLoader(filePath: nil, environment: [:]).load()
        #expect(s.tlsFiles == nil)
    }

    @Test func aCertificateWithoutAKeyIsAProblem() async throws {
        do {
            _ = try await SettingsLoader(filePath: nil, environment: ["CONVERGENCE_TLS_CERTIFICATE": "/c.pem"]).load()
            Issue.record("expected a problem")
        } catch {
            #expect(error.problems.map(\.key) == ["tls.key"])
        }
        do {
            _ = try await SettingsLoader(filePath: nil, environment: ["CONVERGENCE_TLS_CLIENT_CA": "/ca.pem"]).load()
            Issue.record("expected a problem")
        } catch {
            #expect(error.problems.map(\.key) == ["tls.clientCA"])
            #expect(error.problems.first?.source == "CONVERGENCE_TLS_CLIENT_CA")
        }
    }

    @Test func checkConfigReportsTheCertificateAndRefusesAMismatchedKey() throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        var settings = ServiceSettings()
        settings.tlsCertificate = certificates.serverCertificate
        settings.tlsKey = certificates.serverKey
        var check = ConfigCheck()
        check.checkTLS(settings)
        #expect(check.problemCount == 0)
        // TestCertificates issues for 30 days.
        #expect(check.lines.first?.hasPrefix("tls: /CN=localhost, expires ") == true)
        #expect(check.lines.first?.contains("(in 29 days)") == true || check.lines.first?.contains("(in 30 days)") == true)

        settings.tlsKey = certificates.clientKey
        check = ConfigCheck()
        check.checkTLS(settings)
        #expect(check.problemCount == 1)
        #expect(check.lines.first?.contains("does not match") == true)

        // 40 days on, the same certificate has expired.
        settings.tlsKey = certificates.serverKey
        check = ConfigCheck()
        check.checkTLS(settings, now: Int64(Date().timeIntervalSince1970) + 40 * 86_400)
        #expect(check.problemCount == 1)
        #expect(check.lines.first?.contains("expired on") == true)
    }

    @Test func utcDateIsISO8601() {
        // 2000-01-01T00:00:00Z is 946684800 s after the epoch.
        #expect(ConfigCheck.utcDate(946_684_800) == "2000-01-01T00:00:00Z")
    }
}

/// The service over HTTPS: routes answer as over plain HTTP, and /metrics counts handshakes
/// and failures; a plain-HTTP service exposes no TLS series at all.
@Suite struct TLSServiceTests {
    @Test func metricsCountHandshakesAndFailures() throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        var configuration = HTTPServer.Configuration.testing()
        configuration.tls = try TLSContext(files: TLSFiles(
            certificate: certificates.serverCertificate, key: certificates.serverKey))
        let harness = try ServiceHarness(configuration: configuration)
        func get(_ target: String) throws -> RawHTTPResponse? {
            let client = try RawHTTPClient(port: harness.port)
            try client.startTLS(TLSClientOptions(caFile: certificates.caCertificate))
            try client.send("GET \(target) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            return try client.readResponse()
        }
        #expect(try get("/tables/moe-vs-dense")?.status == 200)
        let plain = try RawHTTPClient(port: harness.port)
        try plain.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(try plain.readResponse()?.status == 400)
        let metrics = try #require(try get("/metrics")).bodyText
        #expect(metrics.contains(#"tls_handshakes_total{resumed="false"} 2"#))
        #expect(metrics.contains(#"tls_handshake_failures_total{reason="plain_http"} 1"#))
        #expect(metrics.contains("tls_handshake_duration_seconds_count 2"))
    }

    @Test func plainServiceHasNoTLSSeries() throws {
        let harness = try ServiceHarness()
        let metrics = try harness.get("/metrics").bodyText
        #expect(!metrics.contains("tls_"))
    }
}
