import Dispatch
import HTTPServer
import HTTPTestSupport
import Testing

/// A request whose body reaches `offloadBodySize` is answered on a worker queue, not on its
/// event loop: the loop keeps serving other connections meanwhile, and responses stay in order.
@Suite struct OffloadTests {
    /// Requests with a body of 4 bytes or more go off the loop.
    static func configuration(eventLoops: Int = 2) -> HTTPServer.Configuration {
        var configuration = HTTPServer.Configuration.testing(eventLoops: eventLoops)
        configuration.offloadBodySize = 4
        return configuration
    }

    /// A POST of `body` to `path`.
    static func post(_ path: String, _ body: String = "12345") -> String {
        "POST \(path) HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    /// `/block` waits for `gate`; `/slow` sleeps 20 ms; anything else is echoed.
    struct BlockingResponder: HTTPResponder {
        let gate: DispatchSemaphore

        func respond(to request: HTTPRequest) -> HTTPResponse {
            switch request.path {
            case "/block":
                gate.wait()
                return HTTPResponse(body: Array("unblocked".utf8))
            case "/slow":
                RawHTTPClient.sleep(.milliseconds(20))
                return HTTPResponse(body: Array("slow \(request.target)".utf8))
            case "/large-answer":
                return HTTPResponse(body: EchoResponder.large)
            default:
                return EchoResponder().respond(to: request)
            }
        }
    }

    @Test func aLargeBodyDoesNotStopTheLoop() throws {
        let gate = DispatchSemaphore(value: 0)
        // One event loop: if the blocked request ran on it, the second client could not be answered.
        try TestServer.with(responder: BlockingResponder(gate: gate), configuration: Self.configuration(eventLoops: 1)) { server in
            let blocked = try RawHTTPClient(port: server.port)
            try blocked.send(Self.post("/block"))
            let other = try RawHTTPClient(port: server.port)
            try other.send("GET /free HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.readResponse()?.bodyText == "GET /free 0")
            gate.signal()
            #expect(try blocked.readResponse()?.bodyText == "unblocked")
        }
    }

    @Test func pipelinedResponsesStayInOrder() throws {
        let responder = BlockingResponder(gate: DispatchSemaphore(value: 0))
        try TestServer.with(responder: responder, configuration: Self.configuration()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n" + Self.post("/slow")
                + "GET /b HTTP/1.1\r\nHost: t\r\n\r\n" + Self.post("/slow?2") + Self.post("/c", "123")
                + "GET /d HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse()?.bodyText == "GET /a 0")
            #expect(try client.readResponse()?.bodyText == "slow /slow")
            #expect(try client.readResponse()?.bodyText == "GET /b 0")
            #expect(try client.readResponse()?.bodyText == "slow /slow?2")
            #expect(try client.readResponse()?.bodyText == "POST /c 3")
            #expect(try client.readResponse()?.bodyText == "GET /d 0")
        }
    }

    /// A large answer computed off the loop goes out whole and in order: alone, and queued
    /// behind an 8 MiB answer the client is not reading yet.
    @Test func largeAnswersOffTheLoopArriveWhole() throws {
        let responder = BlockingResponder(gate: DispatchSemaphore(value: 0))
        try TestServer.with(responder: responder, configuration: Self.configuration()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send(Self.post("/large-answer"))
            #expect(try client.readResponse()?.body == EchoResponder.large)
            try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n" + Self.post("/large-answer")
                + "GET /after HTTP/1.1\r\nHost: t\r\n\r\n")
            RawHTTPClient.sleep(.milliseconds(200))
            #expect(try client.readResponse()?.body == EchoResponder.big)
            #expect(try client.readResponse()?.body == EchoResponder.large)
            #expect(try client.readResponse()?.bodyText == "GET /after 0")
        }
    }

    @Test func aHeadRequestOffTheLoopKeepsItsLength() throws {
        let responder = BlockingResponder(gate: DispatchSemaphore(value: 0))
        try TestServer.with(responder: responder, configuration: Self.configuration()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("HEAD /slow HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\n12345GET /e HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try #require(try client.readResponse(head: true))
            #expect(head.headers["Content-Length"] == "10")
            #expect(try client.readResponse()?.bodyText == "GET /e 0")
        }
    }

    @Test func clientLeavingDuringWorkIsFine() throws {
        let gate = DispatchSemaphore(value: 0)
        try TestServer.with(responder: BlockingResponder(gate: gate), configuration: Self.configuration()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send(Self.post("/block"))
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
        let server = HTTPServer(configuration: Self.configuration(), responder: BlockingResponder(gate: gate))
        try server.start()
        let client = try RawHTTPClient(port: server.port)
        try client.send(Self.post("/block"))
        #expect(eventually { server.openConnections == 1 })
        let done = shutdownInBackground(server)
        #expect(eventually { server.isDraining })
        gate.signal()
        let response = try #require(try client.readResponse())
        #expect(response.bodyText == "unblocked")
        #expect(response.closes)
        #expect(done.wait(timeout: .now() + 5) == .success)
    }
}
