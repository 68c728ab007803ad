import HTTPServer
import HTTPTestSupport
import Synchronization
import Testing

/// The server's own errors found after the request head was parsed (413, 417, a
/// framing 400, a bad chunk, a stalled body) hand that head to the error renderer and the
/// observer, so the response can echo X-Request-ID / CORS and the access log names the request.
@Suite struct ServerErrorRequestTests {
    /// What the observer saw: "STATUS METHOD PATH REQUEST-ID" ("-" for a missing request).
    final class ExchangeLog: HTTPServerObserver {
        let lines = Mutex<[String]>([])

        func responseWritten(_ exchange: borrowing HTTPExchange) {
            let request = exchange.request
            let line = "\(exchange.status.code) \(request?.method.rawValue ?? "-") \(request?.path ?? "-") "
                + (request?.headers["X-Request-ID"] ?? "-")
            lines.withLock { $0.append(line) }
        }
    }

    /// Renders the default problem, plus X-Request-ID echoed from the request (when known) and
    /// a header saying whether a request was given.
    static func configuration(
        limits: HTTPParserLimits = HTTPParserLimits(maxBodySize: 100), timeout: Duration? = nil
    ) -> HTTPServer.Configuration {
        var configuration = HTTPServer.Configuration(
            host: "127.0.0.1", port: 0, limits: limits, eventLoops: 2,
            errorResponse: { status, detail, request in
                var response = HTTPResponse.problem(status, detail: detail)
                if let request {
                    response.headers.set("X-Request-ID", request.headers["X-Request-ID"] ?? "none")
                    response.headers.set("X-Refused", "\(request.method.rawValue) \(request.target) body=\(request.body.count)")
                } else {
                    response.headers.set("X-Refused", "-")
                }
                return response
            })
        if let timeout {
            configuration.headerTimeout = timeout
            configuration.bodyTimeout = timeout
            configuration.idleTimeout = timeout
        }
        return configuration
    }

    /// Sends `text`, returns the error response and what the observer logged for it.
    func exchange(
        _ text: String, configuration: HTTPServer.Configuration = ServerErrorRequestTests.configuration()
    ) throws -> (response: RawHTTPResponse, logged: [String]) {
        let log = ExchangeLog()
        let response = try TestServer.with(responder: EchoResponder(), configuration: configuration, observer: log) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send(text)
            let response = try #require(try client.readResponse())
            #expect(response.closes)
            #expect(try client.isClosedByServer())
            return response
        }
        return (response, log.lines.withLock { $0 })
    }

    @Test func contentTooLargeCarriesTheParsedHead() throws {
        // The head is complete and parsed (limit 100 bytes): 413 before any body byte is read.
        let (response, logged) = try exchange(
            "POST /score?x=1 HTTP/1.1\r\nHost: t\r\nX-Request-ID: big-body-1\r\nContent-Length: 101\r\n\r\n")
        #expect(response.status == 413)
        #expect(response.headers["X-Request-ID"] == "big-body-1")
        #expect(response.headers["X-Refused"] == "POST /score?x=1 body=0")
        #expect(logged == ["413 POST /score big-body-1"])
    }

    @Test func chunkedBodyOverTheLimitCarriesTheHead() throws {
        let (response, logged) = try exchange(
            "POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nX-Request-ID: c-1\r\n\r\n65\r\n")
        #expect(response.status == 413)
        #expect(response.headers["X-Request-ID"] == "c-1")
        #expect(logged == ["413 POST /up c-1"])
    }

    @Test func framingErrorsAfterTheHeadCarryIt() throws {
        let cases: [(String, Int)] = [
            // Content-Length with Transfer-Encoding; the request id comes after the culprit.
            ("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nX-Request-ID: r\r\n\r\n", 400),
            ("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: +3\r\nX-Request-ID: r\r\n\r\n", 400),
            ("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\nX-Request-ID: r\r\n\r\n", 400),
            ("POST /a HTTP/1.1\r\nExpect: nothing\r\nHost: t\r\nX-Request-ID: r\r\n\r\n", 417),
            ("POST /a HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\nX-Request-ID: r\r\n\r\n", 501),
            ("GET /a HTTP/1.1\r\nX-Request-ID: r\r\n\r\n", 400),  // no Host
            ("POST /a HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nX-Request-ID: r\r\n\r\nzz\r\n", 400),  // bad chunk
        ]
        for (text, status) in cases {
            let (response, logged) = try exchange(text)
            #expect(response.status == status, "\(text)")
            #expect(response.headers["X-Request-ID"] == "r", "\(text)")
            #expect(response.headers["X-Refused"]?.hasPrefix("\(text.prefix(while: { $0 != " " })) /a") == true, "\(text)")
            #expect(logged.first?.hasSuffix(" /a r") == true, "\(text): \(logged)")
        }
    }

    @Test func stalledBodyTimeoutCarriesTheHead() throws {
        let (response, logged) = try exchange(
            "POST /slow HTTP/1.1\r\nHost: t\r\nX-Request-ID: slow-1\r\nContent-Length: 10\r\n\r\nabc",
            configuration: Self.configuration(timeout: .milliseconds(300)))
        #expect(response.status == 408)
        #expect(response.headers["X-Request-ID"] == "slow-1")
        // The head, not a partial body.
        #expect(response.headers["X-Refused"] == "POST /slow body=0")
        #expect(logged == ["408 POST /slow slow-1"])
    }

    @Test func errorsBeforeTheHeadIsParsedHaveNoRequest() throws {
        let limits = HTTPParserLimits(maxRequestLineBytes: 64, maxHeaderBytes: 128, maxHeaderCount: 4, maxBodySize: 100)
        let cases: [(String, Int)] = [
            ("GET /\(String(repeating: "a", count: 80)) HTTP/1.1\r\nHost: t\r\n\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: t\r\nX-Request-ID: r\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", 431),
            ("GET / HTTP/1.1\r\nHost: t\r\nX-Request-ID: r\r\nBad Name: 1\r\n\r\n", 400),  // syntax: no head
            ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
        ]
        for (text, status) in cases {
            let (response, logged) = try exchange(text, configuration: Self.configuration(limits: limits))
            #expect(response.status == status, "\(text)")
            #expect(response.headers["X-Request-ID"] == nil, "\(text)")
            #expect(response.headers["X-Refused"] == "-", "\(text)")
            #expect(logged == ["\(status) - - -"], "\(text)")
        }
        // A stalled head: no request either.
        let (response, logged) = try exchange(
            "GET / HTTP/1.1\r\nX-Request-ID: r\r\n", configuration: Self.configuration(timeout: .milliseconds(300)))
        #expect(response.status == 408)
        #expect(response.headers["X-Refused"] == "-")
        #expect(logged == ["408 - - -"])
    }

    @Test func theTwoArgumentRendererStillWorks() throws {
        // The original signature: no request, as before; the observer still gets the head.
        let configuration = HTTPServer.Configuration(
            host: "127.0.0.1", port: 0, limits: HTTPParserLimits(maxBodySize: 10), eventLoops: 2,
            errorResponse: { status, detail in
                var response = HTTPResponse.problem(status, detail: detail)
                response.headers.set("X-Old", "yes")
                return response
            })
        #expect(configuration.requestErrorResponse == nil)
        let (response, logged) = try exchange(
            "POST /p HTTP/1.1\r\nHost: t\r\nX-Request-ID: o\r\nContent-Length: 11\r\n\r\n", configuration: configuration)
        #expect(response.status == 413)
        #expect(response.headers["X-Old"] == "yes")
        #expect(logged == ["413 POST /p o"])
    }

    @Test func requestErrorResponseSetLaterWins() throws {
        var configuration = HTTPServer.Configuration.testing(limits: HTTPParserLimits(maxBodySize: 10))
        configuration.requestErrorResponse = { status, detail, request in
            var response = HTTPResponse.problem(status, detail: detail)
            response.headers.set("X-Path", request?.path ?? "-")
            return response
        }
        let (response, _) = try exchange("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n", configuration: configuration)
        #expect(response.status == 413)
        #expect(response.headers["X-Path"] == "/p")
    }

    @Test func theNewInitKeepsBothRenderersInStep() {
        let configuration = HTTPServer.Configuration(errorResponse: { status, _, request in
            HTTPResponse(status: status, body: Array((request?.path ?? "none").utf8))
        })
        // The two-argument renderer of such a configuration is the new one without a request.
        let old = configuration.errorResponse(.badRequest, "x")
        #expect(old.status == .badRequest)
        #expect(String(decoding: old.body, as: UTF8.self) == "none")
    }
}
