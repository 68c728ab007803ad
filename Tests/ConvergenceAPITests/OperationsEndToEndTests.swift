@testable import ConvergenceAPI
import Dispatch
import Foundation
import HTTPServer
import HTTPTestSupport
import Testing

/// Reload (good and bad), drain, and the dashboard's static files.
@Suite struct OperationsEndToEndTests {
    @Test func goodReloadSwapsCatalogAndResponses() throws {
        let dir = try temporaryCatalog()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var settings = ServiceSettings()
        settings.catalogPath = dir
        let h = try ServiceHarness(settings: settings)
        let before = try h.get("/technologies/moe-vs-dense")
        #expect(number(try object(before)["score"]) == 0.68)
        let tag = try #require(before.headers["ETag"])

        // MoE's adoption 0.60 → 0.90: extended 0.27 + 0.21 + 0.14 + 0.15 = 0.77
        let file = dir + "/catalog/moe-vs-dense.json"
        var text = try String(contentsOfFile: file, encoding: .utf8)
        let edited = text.replacingOccurrences(of: #""adoption": 0.6"#, with: #""adoption": 0.9"#)
        #expect(edited != text, "the catalog file's spelling changed; adjust the test")
        text = edited
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(h.service.reload(settings: settings) == .reloaded(version: 2))
        let after = try h.get("/technologies/moe-vs-dense")
        #expect(abs((number(try object(after)["score"]) ?? 0) - 0.77) < 1e-9)
        #expect(try h.get("/technologies/moe-vs-dense", headers: [("If-None-Match", tag)]).status == 200)
        #expect(try h.get("/metrics").bodyText.contains(#"convergence_reloads_total{result="success"} 1"#))
    }

    @Test func badReloadKeepsTheOldCatalog() throws {
        let dir = try temporaryCatalog()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var settings = ServiceSettings()
        settings.catalogPath = dir
        let h = try ServiceHarness(settings: settings)
        let before = try h.get("/technologies")
        try #"{"id": "moe-vs-dense", "sourceLevel": "L2", "#.write(toFile: dir + "/catalog/moe-vs-dense.json", atomically: true, encoding: .utf8)
        guard case .rejected(let reason) = h.service.reload(settings: settings) else {
            Issue.record("a broken catalog was accepted")
            return
        }
        #expect(reason.contains("moe-vs-dense.json"))
        let after = try h.get("/technologies")
        #expect(after.status == 200)
        #expect(after.body == before.body)
        #expect(try h.get("/metrics").bodyText.contains(#"convergence_reloads_total{result="failure"} 1"#))
        #expect(h.accessLog().contains("reload rejected"))
    }

    @Test func drainLetsInFlightRequestsFinish() throws {
        let service = try ConvergenceService(settings: ServiceSettings(), logSink: nil)
        let server = HTTPServer(configuration: .testing(), responder: service, observer: service)
        try server.start()
        let client = try RawHTTPClient(port: server.port)
        let body = #"{"technology":"moe-vs-dense"}"#
        // The head and half the body are in; the rest comes after shutdown has begun.
        try client.send("POST /score HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + String(body.prefix(10)))
        RawHTTPClient.sleep(.milliseconds(100))
        service.startDraining()
        let stopped = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            server.shutdown(deadline: .seconds(5))
            stopped.signal()
        }
        RawHTTPClient.sleep(.milliseconds(100))
        try client.send(String(body.dropFirst(10)))
        let response = try #require(try client.readResponse())
        #expect(response.status == 200)
        #expect(response.bodyText.contains(#""score":0.68"#))
        #expect(stopped.wait(timeout: .now() + 10) == .success)
        // New connections are refused once stopped.
        #expect(throws: RawHTTPClientError.self) { _ = try RawHTTPClient(port: server.port) }
    }

    /// `GET /readyz` answers 503 while draining (openapi/openapi.json, docs/operations.md):
    /// during the drain's grace period a *new* connection still gets an answer, and it is 503;
    /// the request in flight when the drain began completes; the server then stops on its own.
    @Test func drainGraceAnswersReadyz503OnNewConnections() throws {
        var settings = ServiceSettings()
        settings.drainGrace = 2
        settings.drainTimeout = 6
        let h = try ServiceHarness(settings: settings)
        let inFlight = try RawHTTPClient(port: h.port)
        let body = #"{"technology":"moe-vs-dense"}"#
        try inFlight.send("POST /score HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + String(body.prefix(10)))
        h.service.drain(h.server)
        #expect(h.service.isDraining)
        let ready = try h.get("/readyz")
        #expect(ready.status == 503)
        #expect(ready.headers["Content-Type"] == "application/problem+json")
        try inFlight.send(String(body.dropFirst(10)))
        let response = try #require(try inFlight.readResponse())
        #expect(response.status == 200)
        #expect(response.bodyText.contains(#""score":0.68"#))
        let stopped = DispatchSemaphore(value: 0)
        let server = h.server
        DispatchQueue.global().async { server.waitUntilStopped(); stopped.signal() }
        #expect(stopped.wait(timeout: .now() + 10) == .success)
        #expect(h.accessLog().contains(#""message":"draining""#))
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

    /// The restart warning compares with the settings in effect (restoring them
    /// warns no more), and the catalog version moves only on a successful reload whose
    /// catalog fingerprint changed.
    @Test func reloadWarningsAndVersionFollowWhatIsInEffect() throws {
        let h = try ServiceHarness()
        let warning = "some settings only apply after a restart"
        var moved = h.service.settings
        moved.port = 8081
        moved.maxBodyBytes = 1000
        #expect(h.service.reload(settings: moved) == .reloaded(version: 1))
        #expect(h.accessLog().components(separatedBy: warning).count - 1 == 1)
        #expect(h.accessLog().contains("server.port,limits.bodyBytes"))
        #expect(h.service.reload(settings: ServiceSettings()) == .reloaded(version: 1))
        #expect(h.accessLog().components(separatedBy: warning).count - 1 == 1)
        var missing = ServiceSettings()
        missing.catalogPath = "/nonexistent/catalog"
        guard case .rejected = h.service.reload(settings: missing) else {
            Issue.record("a missing catalog must be rejected")
            return
        }
        #expect(h.service.catalogVersion == 1)
        let catalog = try temporaryCatalog()
        let file = catalog + "/catalog/rlhf.json"
        try (String(contentsOfFile: file, encoding: .utf8) + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        var changed = ServiceSettings()
        changed.catalogPath = catalog
        #expect(h.service.reload(settings: changed) == .reloaded(version: 2))
        #expect(h.service.catalogVersion == 2)
        #expect(try h.get("/metrics").bodyText.contains("convergence_catalog_version 2"))
    }

    @Test func staticFilesStayInsidePublic() throws {
        let root = NSTemporaryDirectory() + "convergence-public-\(UUID().uuidString)"
        let outside = NSTemporaryDirectory() + "convergence-secret-\(UUID().uuidString).txt"
        try FileManager.default.createDirectory(atPath: root + "/assets", withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: outside)
        }
        let html = "<!doctype html><title>Convergence</title>" + String(repeating: "<p>dashboard</p>", count: 100)
        try html.write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
        try "console.log(1)".write(toFile: root + "/assets/app.js", atomically: true, encoding: .utf8)
        try "body{}".write(toFile: root + "/assets/app.css", atomically: true, encoding: .utf8)
        try "TOP-SECRET-CONTENT".write(toFile: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/leak.txt", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: root + "/etc", withDestinationPath: "/etc")
        var settings = ServiceSettings()
        settings.publicPath = root
        let h = try ServiceHarness(settings: settings)

        let index = try h.get("/")
        #expect(index.status == 200)
        #expect(index.bodyText == html)
        #expect(index.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(index.headers["Content-Security-Policy"]?.contains("default-src 'self'") == true)
        #expect(index.headers["Last-Modified"]?.hasSuffix(" GMT") == true)
        let tag = try #require(index.headers["ETag"])
        #expect(try h.get("/", headers: [("If-None-Match", tag)]).status == 304)
        #expect(try h.get("/index.html").bodyText == html)
        #expect(try h.get("/assets/app.js").headers["Content-Type"] == "text/javascript; charset=utf-8")
        #expect(try h.get("/assets/app.css").headers["Content-Type"] == "text/css; charset=utf-8")
        // no listing, no escape, whatever the encoding; symlinks leaving the root are refused
        for target in ["/assets/", "/leak.txt", "/etc/passwd", "/../" + (outside as NSString).lastPathComponent,
                       "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc%2fpasswd", "/%252e%252e/etc/passwd",
                       "/assets%5c..%5c..%5cetc%5cpasswd", "/index.html%00.js"] {
            let r = try h.get(target)
            #expect(r.status == 404 || r.status == 400, "\(target) → \(r.status)")
            #expect(!r.bodyText.contains("TOP-SECRET-CONTENT") && !r.bodyText.contains("root:"), "\(target) leaked")
        }
        let post = try h.send("POST", "/", body: "{}")
        #expect(post.status == 405)
    }
}
