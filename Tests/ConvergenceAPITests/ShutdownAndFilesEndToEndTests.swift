@testable import ConvergenceAPI
import ConvergenceAPITesting
import Dispatch
import Foundation
import HTTPServer
import HTTPTestSupport
import Testing

/// Shutdown with a request in flight, and the dashboard's files kept inside `Public/`, over
/// a real socket (reload and drain as the executable wires them: ConvergenceCommandTests).
@Suite struct ShutdownAndFilesEndToEndTests {
    @Test func drainLetsInFlightRequestsFinish() throws {
        let service = try ConvergenceService(settings: ServiceSettings(), logSink: nil)
        let server = HTTPServer(configuration: .testing(), responder: service, observer: ServiceObserver(service: service))
        try server.start()
        let client = try RawHTTPClient(port: server.port)
        let body = #"{"technology":"moe-vs-dense"}"#
        // The head and half the body are in; the rest comes after shutdown has begun.
        try client.send("POST /score HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + String(body.prefix(10)))
        RawHTTPClient.sleep(.milliseconds(100))
        service.readiness.startDraining()
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
