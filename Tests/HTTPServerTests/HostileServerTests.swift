import Dispatch
import Glibc
import HTTPServer
import HTTPTestSupport
import Synchronization
import Testing

/// One busy connection never stalls the others, and a drain keeps its deadline and its word
/// (docs/operations-hostile.md).
@Suite struct HostileServerTests {
    /// `/hold` blocks inside `respond` itself until `gate` opens (at most 10 s, so a failing
    /// test ends); anything else answers "fast".
    final class GatedResponder: HTTPResponder, Sendable {
        let gate = DispatchSemaphore(value: 0)
        let entered = Atomic<Int>(0)

        func respond(to request: HTTPRequest) -> HTTPResponse {
            guard request.path == "/hold" else { return HTTPResponse(body: Array("fast".utf8)) }
            entered.add(1, ordering: .relaxed)
            _ = gate.wait(timeout: .now() + 10)
            return HTTPResponse(body: Array("held \(request.body.count)".utf8))
        }

        var hasEntered: Bool { entered.load(ordering: .relaxed) > 0 }
    }

    @Test func aLargeBodysHandlerDoesNotStallTheLoop() throws {
        let responder = GatedResponder()
        defer { responder.gate.signal() }
        // One loop: were the handler on it, neither accepting nor the other client could run.
        try TestServer.with(responder: responder, configuration: .testing(eventLoops: 1)) { server in
            let slow = try RawHTTPClient(port: server.port)
            let body = String(repeating: "x", count: 64 * 1024)
            try slow.send("POST /hold HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
            #expect(eventually { responder.hasEntered })
            let other = try RawHTTPClient(port: server.port)
            try other.send("GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try other.readResponse()?.bodyText == "fast")
            // The other request completed first; the held one is still answered afterwards.
            responder.gate.signal()
            #expect(try slow.readResponse()?.bodyText == "held 65536")
        }
    }

    @Test func theDrainDeadlineHoldsWhileAHandlerRuns() throws {
        let responder = GatedResponder()
        defer { responder.gate.signal() }
        let server = HTTPServer(configuration: .testing(eventLoops: 1), responder: responder)
        try server.start()
        let client = try RawHTTPClient(port: server.port)
        // A small request: its handler runs on the loop, and blocks it.
        try client.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { responder.hasEntered })
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            server.shutdown(deadline: .milliseconds(200))
            finished.signal()
        }
        let inTime = finished.wait(timeout: .now() + 5) == .success
        responder.gate.signal()
        #expect(inTime)
        #expect(server.connectionsCutShort == 1)
    }

    @Test func clientsWaitingToBeAcceptedAtShutdownAreAnswered() throws {
        let responder = GatedResponder()
        defer { responder.gate.signal() }
        let server = HTTPServer(configuration: .testing(eventLoops: 1), responder: responder)
        try server.start()
        // The only loop is busy, so these clients wait in the listener's backlog.
        let busy = try RawHTTPClient(port: server.port)
        try busy.send("GET /hold HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(eventually { responder.hasEntered })
        let waiting = try (0..<3).map { i in
            let client = try RawHTTPClient(port: server.port)
            try client.send("GET /w\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
            return client
        }
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            server.shutdown(deadline: .seconds(5))
            finished.signal()
        }
        // The listener closes while the loop is still busy; then the loop is free again.
        #expect(eventually { server.isDraining })
        RawHTTPClient.sleep(.milliseconds(100))
        responder.gate.signal()
        #expect(try busy.readResponse()?.bodyText == "held 0")
        for client in waiting {
            let answer = try #require(try client.readResponse())
            #expect(answer.bodyText == "fast")
            #expect(answer.closes)
        }
        #expect(finished.wait(timeout: .now() + 6) == .success)
        #expect(server.connectionsCutShort == 0)
    }

    @Test func aCleanDrainCutsNothing() throws {
        let server = HTTPServer(configuration: .testing(), responder: EchoResponder())
        try server.start()
        let client = try RawHTTPClient(port: server.port)
        try client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse()?.status == 200)
        server.shutdown(deadline: .seconds(2))
        #expect(server.connectionsCutShort == 0)
    }

    @Test func anAnnouncedShutdownClosesKeepAliveAtAResponseBoundary() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse()?.closes == false)
            try client.send("GET /b HTTP/1.1\r\nHost: t\r\n")
            server.announceShutdown()
            // The request under way is answered, with `Connection: close`, then the server closes.
            try client.send("\r\n")
            let answer = try #require(try client.readResponse())
            #expect(answer.bodyText == "GET /b 0")
            #expect(answer.closes)
            #expect(try client.isClosedByServer())
            // The listener still accepts during the grace period: a new client gets one answer.
            let late = try RawHTTPClient(port: server.port)
            try late.send("GET /c HTTP/1.1\r\nHost: t\r\n\r\n")
            let lateAnswer = try #require(try late.readResponse())
            #expect(lateAnswer.status == 200)
            #expect(lateAnswer.closes)
        }
    }
}

extension HostileServerTests {
    /// 40 KiB bodies: a pipeline of them is served over several rounds (each connection's share
    /// of a round is bounded), complete and in order.
    @Test func aLongPipelineIsAnsweredInTurnsAndInOrder() throws {
        struct Sized: HTTPResponder {
            func respond(to request: HTTPRequest) -> HTTPResponse {
                HTTPResponse(body: Array(request.path.utf8) + [UInt8](repeating: 0x2E, count: 40 * 1024))
            }
        }
        try TestServer.with(responder: Sized(), configuration: .testing(eventLoops: 1)) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send((0..<12).map { "GET /\($0) HTTP/1.1\r\nHost: t\r\n\r\n" }.joined())
            for i in 0..<12 {
                let response = try #require(try client.readResponse())
                #expect(response.bodyText.hasPrefix("/\(i)."))
                #expect(response.body.count == "/\(i)".utf8.count + 40 * 1024)
            }
        }
    }
}
