import HTTPServer
import HTTPTestSupport
import Synchronization
import Testing

/// `Configuration.requestIDField`: every response carries the exchange's id (the client's
/// when sane, else a generated one), the server's own errors included, and the observer is
/// told the same id.
@Suite struct RequestIDTests {
    final class IDLog: HTTPServerObserver {
        let ids = Mutex<[String]>([])
        func responseWritten(_ exchange: borrowing HTTPExchange) {
            let id = exchange.requestID ?? "none"
            ids.withLock { $0.append(id) }
        }
    }

    static func configuration(field: String? = "X-Request-ID", limits: HTTPParserLimits = HTTPParserLimits()) -> HTTPServer.Configuration {
        var configuration = HTTPServer.Configuration.testing(limits: limits)
        configuration.requestIDField = field
        return configuration
    }

    /// The response to each request on one keep-alive connection, and what the observer saw.
    func exchange(_ requests: [String], configuration: HTTPServer.Configuration = configuration())
        throws -> (responses: [RawHTTPResponse], logged: [String]) {
        let log = IDLog()
        let responses = try TestServer.with(responder: EchoResponder(), configuration: configuration, observer: log) { server in
            let client = try RawHTTPClient(port: server.port)
            return try requests.map { text -> RawHTTPResponse in
                try client.send(text)
                return try #require(try client.readResponse(head: text.hasPrefix("HEAD")))
            }
        }
        // The server has shut down: every exchange has been reported.
        return (responses, log.ids.withLock { $0 })
    }

    @Test func aSaneIDIsEchoedAndAnyOtherReplaced() throws {
        let (responses, logged) = try exchange([
            "GET /a HTTP/1.1\r\nHost: t\r\nX-Request-ID: trace-42.a\r\n\r\n",
            "GET /b HTTP/1.1\r\nHost: t\r\nx-request-id: lower-case:ok\r\n\r\n",
            "GET /c HTTP/1.1\r\nHost: t\r\nX-Request-ID: has space\r\n\r\n",
            "HEAD /d HTTP/1.1\r\nHost: t\r\n\r\n",
            "GET /e HTTP/1.1\r\nHost: t\r\n\r\n",
        ])
        let ids = responses.map { $0.headers["X-Request-ID"] }
        #expect(ids[0] == "trace-42.a")
        #expect(ids[1] == "lower-case:ok")
        let generated = ids[2...].compactMap { $0 }
        #expect(generated.count == 3)
        #expect(Set(generated).count == 3)
        #expect(generated.allSatisfy { RequestIDGenerator.isValid($0) && $0 != "has space" })
        // One field per response, written by the server.
        #expect(responses.allSatisfy { $0.headers.values(for: "X-Request-ID").count == 1 })
        #expect(logged == ids.map { $0 ?? "missing" })
    }

    @Test func theServersOwnErrorsCarryOneToo() throws {
        let limits = HTTPParserLimits(maxHeaderCount: 3, maxBodySize: 10)
        // 413 after the head: the client's id; 431 before it: a generated one.
        let (tooLarge, loggedTooLarge) = try exchange(
            ["POST /p HTTP/1.1\r\nHost: t\r\nX-Request-ID: big-1\r\nContent-Length: 11\r\n\r\n"],
            configuration: Self.configuration(limits: limits))
        #expect(tooLarge.first?.status == 413)
        #expect(tooLarge.first?.headers["X-Request-ID"] == "big-1")
        #expect(loggedTooLarge == ["big-1"])
        let (tooMany, loggedTooMany) = try exchange(
            ["GET / HTTP/1.1\r\nHost: t\r\nX-Request-ID: r\r\nA: 1\r\nB: 2\r\n\r\n"],
            configuration: Self.configuration(limits: limits))
        #expect(tooMany.first?.status == 431)
        let generated = try #require(tooMany.first?.headers["X-Request-ID"])
        #expect(generated != "r" && RequestIDGenerator.isValid(generated))
        #expect(loggedTooMany == [generated])
    }

    @Test func noFieldNoIDs() throws {
        for field in [nil, "", "Bad Name"] as [String?] {
            let (responses, logged) = try exchange(
                ["GET /a HTTP/1.1\r\nHost: t\r\nX-Request-ID: r\r\n\r\n"], configuration: Self.configuration(field: field))
            #expect(responses.first?.status == 200)
            #expect(responses.first?.headers["X-Request-ID"] == nil)
            #expect(responses.first?.headers.contains("Bad Name") == false)
            #expect(logged == ["none"])
        }
    }
}
