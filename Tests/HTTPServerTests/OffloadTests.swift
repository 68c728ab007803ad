import Dispatch
import HTTPServer
import HTTPTestSupport
import Testing

/// Responders that may block return `HTTPResponse.offloaded { ... }`: the work runs off the
/// event loop, which keeps serving other connections, and responses stay in order.
@Suite struct OffloadTests {
    /// `/block` waits for `gate`; `/slow` sleeps 20 ms off the loop; anything else is echoed.
    struct BlockingResponder: HTTPResponder {
        let gate: DispatchSemaphore

        func respond(to request: HTTPRequest) -> HTTPResponse {
            switch request.path {
            case "/block":
                let gate = self.gate
                return .offloaded {
                    gate.wait()
                    return HTTPResponse(body: Array("unblocked".utf8))
                }
            case "/slow":
                let target = request.target
                return .offloaded {
                    RawHTTPClient.sleep(.milliseconds(20))
                    return HTTPResponse(body: Array("slow \(target)".utf8))
                }
            case "/nested":
                return .offloaded { .offloaded { HTTPResponse() } }
            default:
                return EchoResponder().respond(to: request)
            }
        }
    }

    @Test func blockedWorkDoesNotStopTheLoop() throws {
        let gate = DispatchSemaphore(value: 0)
        // One event loop: if the work ran on it, the second client could not be answered.
        try TestServer.with(responder: BlockingResponder(gate: gate), configuration: .testing(eventLoops: 1)) { server in
            let blocked = try RawHTTPClient(port: server.port)
            try blocked.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
            let other = try RawHTTPClient(port: server.port)
            try other.send("GET /free HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.readResponse()?.bodyText == "GET /free 0")
            gate.signal()
            #expect(try blocked.readResponse()?.bodyText == "unblocked")
        }
    }

    @Test func pipelinedResponsesStayInOrder() throws {
        try TestServer.with(responder: BlockingResponder(gate: DispatchSemaphore(value: 0))) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n" + "GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: t\r\n\r\n" + "GET /slow?2 HTTP/1.1\r\nHost: t\r\n\r\n"
                + "HEAD /slow HTTP/1.1\r\nHost: t\r\n\r\n" + "GET /c HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse()?.bodyText == "GET /a 0")
            #expect(try client.readResponse()?.bodyText == "slow /slow")
            #expect(try client.readResponse()?.bodyText == "GET /b 0")
            #expect(try client.readResponse()?.bodyText == "slow /slow?2")
            let head = try #require(try client.readResponse(head: true))
            #expect(head.headers["Content-Length"] == "10")
            #expect(try client.readResponse()?.bodyText == "GET /c 0")
        }
    }

    @Test func workReturningWorkIs500() throws {
        try TestServer.with(responder: BlockingResponder(gate: DispatchSemaphore(value: 0))) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("GET /nested HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse()?.status == 500)
        }
    }

    @Test func clientLeavingDuringWorkIsFine() throws {
        let gate = DispatchSemaphore(value: 0)
        try TestServer.with(responder: BlockingResponder(gate: gate)) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(eventually { server.openConnections == 1 })
            client.reset()
            gate.signal()
            #expect(eventually { server.openConnections == 0 })
            let next = try RawHTTPClient(port: server.port)
            try next.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try next.readResponse()?.status == 200)
        }
    }

    @Test func drainingWaitsForTheWork() throws {
        let gate = DispatchSemaphore(value: 0)
        let server = HTTPServer(configuration: .testing(), responder: BlockingResponder(gate: gate))
        try server.start()
        let client = try RawHTTPClient(port: server.port)
        try client.send("GET /block HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { server.openConnections == 1 })
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            server.shutdown(deadline: .seconds(5))
            done.signal()
        }
        #expect(eventually { server.isDraining })
        gate.signal()
        let response = try #require(try client.readResponse())
        #expect(response.bodyText == "unblocked")
        #expect(response.closes)
        #expect(done.wait(timeout: .now() + 5) == .success)
    }
}
