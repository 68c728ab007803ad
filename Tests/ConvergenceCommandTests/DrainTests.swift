@testable import convergence
import ConvergenceAPI
import ConvergenceAPITesting
import Dispatch
import Foundation
import HTTPServer
import HTTPTestSupport
import Testing

/// SIGTERM's drain (`Drain`) against a live service.
@Suite struct DrainTests {
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
        Drain.start(h.service, h.server)
        #expect(h.service.readiness.isDraining)
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
}
