import Dispatch
import HTTPServer
import HTTPTestSupport
import Testing

@Suite struct HTTPServerTests {
    static let get = "GET / HTTP/1.1\r\nHost: t\r\n\r\n"

    @Test func defaultsAreTheIssuesFigures() {
        let c = HTTPServer.Configuration()
        #expect(c.limits.maxRequestLineBytes == 8 * 1024)
        #expect(c.limits.maxHeaderBytes == 32 * 1024)
        #expect(c.limits.maxHeaderCount == 100)
        #expect(c.limits.maxBodySize == 1024 * 1024)
        #expect(c.headerTimeout == .seconds(10))
        #expect(c.bodyTimeout == .seconds(10))
        #expect(c.idleTimeout == .seconds(5))
        #expect(c.writeTimeout == .seconds(10))
        #expect(c.maxConnections == 16_384)
        #expect(c.eventLoops == nil)
    }

    @Test func answersAGetWithDateAndLength() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            #expect(server.port > 0)
            let client = try RawHTTPClient(port: server.port)
            try client.send("GET /hello?x=1 HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.version == "HTTP/1.1")
            #expect(response.status == 200)
            #expect(response.bodyText == "GET /hello?x=1 0")
            #expect(response.headers["Content-Length"] == "16")
            #expect(response.headers["Content-Type"] == "text/plain")
            let date = try #require(response.headers["Date"])
            #expect(date.hasSuffix(" GMT") && date.count == 29)
            #expect(response.headers["Connection"] == nil)
        }
    }

    @Test func keepsAliveFor100Requests() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            for i in 0..<100 {
                try client.send("GET /r\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try #require(try client.readResponse())
                #expect(response.bodyText == "GET /r\(i) 0")
            }
            #expect(server.openConnections == 1)
        }
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            var batch = ""
            for i in 0..<50 {
                batch += i % 3 == 0
                    ? "POST /p\(i) HTTP/1.1\r\nHost: t\r\nContent-Length: \(i)\r\n\r\n" + String(repeating: "x", count: i)
                    : "GET /p\(i) HTTP/1.1\r\nHost: t\r\n\r\n"
            }
            try client.send(batch)
            for i in 0..<50 {
                let response = try #require(try client.readResponse())
                #expect(response.bodyText == (i % 3 == 0 ? "POST /p\(i) \(i)" : "GET /p\(i) 0"))
            }
        }
    }

    @Test func pipelinedBigResponsesAreAllDelivered() throws {
        // Output larger than the socket buffer: the server must wait for EPOLLOUT and resume.
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send(String(repeating: "GET /big HTTP/1.1\r\nHost: t\r\n\r\n", count: 3) + Self.get)
            for _ in 0..<3 {
                let response = try #require(try client.readResponse())
                #expect(response.body.count == EchoResponder.big.count)
            }
            #expect(try client.readResponse()?.bodyText == "GET / 0")
        }
    }

    @Test func largeBodiesInterleaveWithSmallOnes() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            let large = "GET /large HTTP/1.1\r\nHost: t\r\n\r\n"
            try client.send(Self.get + large + large + "HEAD /large HTTP/1.1\r\nHost: t\r\n\r\n" + Self.get)
            #expect(try client.readResponse()?.bodyText == "GET / 0")
            for _ in 0..<2 { #expect(try client.readResponse()?.body == EchoResponder.large) }
            let head = try #require(try client.readResponse(head: true))
            #expect(head.headers["Content-Length"] == String(EchoResponder.large.count))
            #expect(try client.readResponse()?.bodyText == "GET / 0")
        }
    }

    @Test func mediumBodiesAloneOrPipelined() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            let medium = "GET /medium HTTP/1.1\r\nHost: t\r\n\r\n"
            // Alone (the response ends its batch), then pipelined behind and before others.
            try client.send(medium)
            #expect(try client.readResponse()?.body == EchoResponder.medium)
            try client.send(medium + Self.get + medium + "HEAD /medium HTTP/1.1\r\nHost: t\r\n\r\n" + medium)
            #expect(try client.readResponse()?.body == EchoResponder.medium)
            #expect(try client.readResponse()?.bodyText == "GET / 0")
            #expect(try client.readResponse()?.body == EchoResponder.medium)
            let head = try #require(try client.readResponse(head: true))
            #expect(head.headers["Content-Length"] == String(EchoResponder.medium.count))
            #expect(try client.readResponse()?.body == EchoResponder.medium)
        }
    }

    @Test func acceptsRequestsSplitAtEveryByte() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            let text = "POST /split HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
            try client.sendSlowly(Array(text.utf8), chunkSize: 1, delay: .milliseconds(1))
            #expect(try client.readResponse()?.bodyText == "POST /split 3")
        }
    }

    @Test func decodesChunkedBodies() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            let chunk = String(repeating: "z", count: 70_000)
            try client.send("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + String(chunk.utf8.count, radix: 16) + ";ext=1\r\n" + chunk + "\r\n5\r\nhello\r\n0\r\nTrailer: x\r\n\r\n")
            #expect(try client.readResponse()?.bodyText == "POST /c 70005")
            // The connection stays usable.
            try client.send(Self.get)
            #expect(try client.readResponse()?.status == 200)
        }
    }

    @Test func headHasTheHeadersOfGetAndNoBody() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try #require(try client.readResponse(head: true))
            #expect(head.status == 200)
            #expect(head.headers["Content-Length"] == "9")   // "HEAD /x 0"
            #expect(head.body.isEmpty)
            // Nothing extra was sent: the next response parses cleanly.
            try client.send(Self.get)
            #expect(try client.readResponse()?.bodyText == "GET / 0")
        }
    }

    @Test func honoursConnectionClose() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.closes)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func responderCanCloseTheConnection() throws {
        /// Echoes, and asks to end the connection after `/bye`.
        struct Closing: HTTPResponder {
            func respond(to request: HTTPRequest) -> HTTPResponse {
                var response = EchoResponder().respond(to: request)
                if request.path == "/bye" { response.headers.add("Connection", "close") }
                return response
            }
        }
        try TestServer.with(responder: Closing()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("GET /stay HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse()?.closes == false)
            try client.send("GET /bye HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.headers.values(for: "Connection") == ["close"])
            #expect(try client.isClosedByServer())
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let plain = try RawHTTPClient(port: server.port)
            try plain.send("GET / HTTP/1.0\r\n\r\n")
            let first = try #require(try plain.readResponse())
            #expect(first.version == "HTTP/1.1")
            #expect(first.closes)
            #expect(try plain.isClosedByServer())

            let keep = try RawHTTPClient(port: server.port)
            try keep.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keep.readResponse()?.headers["Connection"] == "keep-alive")
            try keep.send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try keep.readResponse()?.bodyText == "GET /again 0")
        }
    }

    @Test func answersAfterTheClientHalfCloses() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send(Self.get + Self.get)
            client.shutdownWrite()
            #expect(try client.readResponse()?.status == 200)
            #expect(try client.readResponse()?.status == 200)
            #expect(try client.isClosedByServer())
        }
    }

    // MARK: errors and limits

    /// Sends `request`, expects a problem+json error with `status` and a closed connection.
    func expectError(_ request: String, _ status: Int, configuration: HTTPServer.Configuration = .testing(),
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        try TestServer.with(responder: EchoResponder(), configuration: configuration) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send(request)
            let response = try #require(try client.readResponse(), sourceLocation: sourceLocation)
            #expect(response.status == status, sourceLocation: sourceLocation)
            #expect(response.headers["Content-Type"] == "application/problem+json", sourceLocation: sourceLocation)
            #expect(response.closes, sourceLocation: sourceLocation)
            #expect(response.bodyText.contains("\"status\":\(status)"), sourceLocation: sourceLocation)
            #expect(response.bodyText.contains("\"detail\":"), sourceLocation: sourceLocation)
            #expect(try client.isClosedByServer(), sourceLocation: sourceLocation)
        }
    }

    @Test func malformedRequestsAre400AndClose() throws {
        try expectError("GET / HTTP/1.1\r\n\r\n", 400)                                   // no Host
        try expectError("GET / HTTP/1.1\r\nHost: t\r\nX : y\r\n\r\n", 400)
        try expectError("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400)
        try expectError("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", 400)
    }

    @Test func unknownMethodIs501() throws { try expectError("BREW / HTTP/1.1\r\nHost: t\r\n\r\n", 501) }

    @Test func unsupportedVersionIs505() throws { try expectError("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505) }

    @Test func longRequestLineIs414() throws {
        try expectError("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: t\r\n\r\n", 414)
    }

    @Test func largeHeaderSectionIs431() throws {
        try expectError("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 33_000) + "\r\n\r\n", 431)
        try expectError("GET / HTTP/1.1\r\nHost: t\r\n" + String(repeating: "X-F: 1\r\n", count: 100) + "\r\n", 431)
    }

    @Test func oversizedBodyIs413BeforeItIsSent() throws {
        // Only the head is sent: the answer cannot depend on reading the body.
        try expectError("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1048577\r\n\r\n", 413)
        try expectError("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n", 413,
                        configuration: .testing(limits: HTTPParserLimits(maxBodySize: 10)))
    }

    @Test func bodyAtTheLimitIsAccepted() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            let body = [UInt8](repeating: 0x41, count: 1024 * 1024)
            try client.send(Array("POST /max HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            #expect(try client.readResponse()?.bodyText == "POST /max 1048576")
        }
    }

    @Test func expectContinueGets100ThenTheResponse() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("POST /e HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            let interim = try #require(try client.readResponse())
            #expect(interim.status == 100)
            try client.send("abcd")
            #expect(try client.readResponse()?.bodyText == "POST /e 4")
        }
    }

    @Test func expectContinueOverTheLimitIs413WithoutContinue() throws {
        try expectError("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n", 413)
    }

    // MARK: timeouts (short, so the test is quick; asserts behaviour, not speed)

    @Test func slowHeaderSectionIs408() throws {
        try TestServer.with(responder: EchoResponder(), configuration: .testing(timeout: .milliseconds(300))) { server in
            let client = try RawHTTPClient(port: server.port)
            // Dribbling a byte every 50 ms is progress, but the whole head is still late.
            try client.sendSlowly(Array("GET / HTTP/1.1\r\nHost:".utf8), chunkSize: 1, delay: .milliseconds(25))
            let response = try #require(try client.readResponse())
            #expect(response.status == 408)
            #expect(response.closes)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func stalledBodyIsCutOff() throws {
        try TestServer.with(responder: EchoResponder(), configuration: .testing(timeout: .milliseconds(300))) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
            let response = try #require(try client.readResponse())
            #expect(response.status == 408)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() throws {
        try TestServer.with(responder: EchoResponder(), configuration: .testing(timeout: .milliseconds(300))) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send(Self.get)
            #expect(try client.readResponse()?.status == 200)
            // No request follows: the server closes without a response.
            #expect(try client.isClosedByServer())
            #expect(eventually { server.openConnections == 0 })
        }
    }

    @Test func silentNewConnectionIsClosed() throws {
        try TestServer.with(responder: EchoResponder(), configuration: .testing(timeout: .milliseconds(300))) { server in
            let client = try RawHTTPClient(port: server.port)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func stalledWriteIsClosed() throws {
        try TestServer.with(responder: EchoResponder(), configuration: .testing(timeout: .milliseconds(300))) { server in
            let client = try RawHTTPClient(port: server.port)
            // Ask for 8 MiB and never read it.
            try client.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(eventually { server.openConnections == 0 })
        }
    }

    // MARK: load and misbehaving clients

    @Test func serves500ConcurrentConnections() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            var clients: [RawHTTPClient] = []
            for _ in 0..<500 { clients.append(try RawHTTPClient(port: server.port)) }
            for (i, client) in clients.enumerated() { try client.send("GET /c\(i) HTTP/1.1\r\nHost: t\r\n\r\n") }
            for (i, client) in clients.enumerated() {
                #expect(try client.readResponse()?.bodyText == "GET /c\(i) 0")
            }
            #expect(server.openConnections == 500)
            clients.removeAll()
            #expect(eventually { server.openConnections == 0 })
        }
    }

    @Test func survivesClientsThatVanish() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            for _ in 0..<20 {
                // Mid-request.
                let a = try RawHTTPClient(port: server.port)
                try a.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc")
                a.reset()
                // Before reading a large response.
                let b = try RawHTTPClient(port: server.port)
                try b.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n")
                b.reset()
                // Closed right after sending.
                let c = try RawHTTPClient(port: server.port)
                try c.send(Self.get)
                c.close()
            }
            #expect(eventually { server.openConnections == 0 })
            let client = try RawHTTPClient(port: server.port)
            try client.send(Self.get)
            #expect(try client.readResponse()?.status == 200)
        }
    }

    @Test func connectionCapAnswers503() throws {
        let observer = CountingObserver()
        try TestServer.with(responder: EchoResponder(), configuration: .testing(maxConnections: 4), observer: observer) { server in
            #expect(server.connectionLimit == 4)
            var clients: [RawHTTPClient] = []
            for _ in 0..<4 {
                let client = try RawHTTPClient(port: server.port)
                try client.send(Self.get)
                #expect(try client.readResponse()?.status == 200)
                clients.append(client)
            }
            let extra = try RawHTTPClient(port: server.port)
            let refused = try #require(try extra.readResponse())
            #expect(refused.status == 503)
            #expect(refused.closes)
            #expect(try extra.isClosedByServer())
            #expect(server.openConnections == 4)
            // A freed slot is usable again.
            clients.removeLast()
            #expect(eventually { server.openConnections == 3 })
            let again = try RawHTTPClient(port: server.port)
            try again.send(Self.get)
            #expect(try again.readResponse()?.status == 200)
            #expect(observer.counts.withLock { $0.rejected } == 1)
            #expect(observer.counts.withLock { $0.statuses.contains(503) })
        }
    }

    // MARK: lifecycle

    @Test func portInUseIsAClearError() throws {
        try TestServer.with(responder: EchoResponder()) { server in
            var configuration = HTTPServer.Configuration.testing()
            configuration.port = server.port
            let second = HTTPServer(configuration: configuration, responder: EchoResponder())
            #expect(throws: HTTPServerError.addressInUse(host: "127.0.0.1", port: server.port)) { try second.start() }
            #expect("\(HTTPServerError.addressInUse(host: "127.0.0.1", port: server.port))".contains("already in use"))
        }
    }

    @Test func dualStackServesIPv4AndIPv6() throws {
        var configuration = HTTPServer.Configuration.testing()
        configuration.host = "::"
        try TestServer.with(responder: EchoResponder(), configuration: configuration) { server in
            let v4 = try RawHTTPClient(port: server.port, host: "127.0.0.1")
            try v4.send(Self.get)
            #expect(try v4.readResponse()?.status == 200)
            let v6 = try RawHTTPClient(port: server.port, host: "::1")
            try v6.send(Self.get)
            #expect(try v6.readResponse()?.status == 200)
        }
    }

    @Test func remoteAddressIsThePeer() throws {
        struct AddressResponder: HTTPResponder {
            func respond(to request: HTTPRequest) -> HTTPResponse { HTTPResponse(body: Array(request.remoteAddress.utf8)) }
        }
        var configuration = HTTPServer.Configuration.testing()
        configuration.host = "::"
        try TestServer.with(responder: AddressResponder(), configuration: configuration) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send(Self.get)
            // An IPv4 peer on a dual-stack socket is reported as plain IPv4.
            #expect(try client.readResponse()?.bodyText == "127.0.0.1")
        }
    }

    @Test func gracefulShutdownFinishesInFlightRequests() throws {
        let server = HTTPServer(configuration: .testing(), responder: EchoResponder())
        try server.start()
        let port = server.port
        var busy: [RawHTTPClient] = []
        for i in 0..<20 {
            let client = try RawHTTPClient(port: port)
            try client.send("POST /f\(i) HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nab")
            busy.append(client)
        }
        let idle = try RawHTTPClient(port: port)
        try idle.send(Self.get)
        #expect(try idle.readResponse()?.status == 200)
        #expect(eventually { server.openConnections == 21 })

        let done = shutdownInBackground(server)
        #expect(eventually { server.isDraining })
        // The idle keep-alive connection is closed at once.
        #expect(try idle.isClosedByServer())
        // New connections are refused.
        #expect(eventually { (try? RawHTTPClient(port: port)) == nil })
        // Every in-flight request completes, told that the connection closes.
        for (i, client) in busy.enumerated() {
            try client.send("cde")
            let response = try #require(try client.readResponse())
            #expect(response.bodyText == "POST /f\(i) 5")
            #expect(response.closes)
        }
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(server.openConnections == 0)
    }

    @Test func drainingAnswersEveryRequestAlreadySent() throws {
        let server = HTTPServer(configuration: .testing(), responder: EchoResponder())
        try server.start()
        let client = try RawHTTPClient(port: server.port)
        try client.send("GET /1 HTTP/1.1\r\nHost: t\r\n")
        #expect(eventually { server.openConnections == 1 })
        let done = shutdownInBackground(server)
        #expect(eventually { server.isDraining })
        // The rest of the first request and a pipelined second one, in one write.
        try client.send("\r\nGET /2 HTTP/1.1\r\nHost: t\r\n\r\n")
        let first = try #require(try client.readResponse())
        #expect(first.bodyText == "GET /1 0")
        #expect(!first.closes)
        let second = try #require(try client.readResponse())
        #expect(second.bodyText == "GET /2 0")
        #expect(second.closes)
        #expect(try client.isClosedByServer())
        #expect(done.wait(timeout: .now() + 5) == .success)
    }

    @Test func shutdownForceClosesAfterTheDeadline() throws {
        let server = HTTPServer(configuration: .testing(), responder: EchoResponder())
        try server.start()
        let client = try RawHTTPClient(port: server.port)
        try client.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nab")
        #expect(eventually { server.openConnections == 1 })
        server.shutdown(deadline: .milliseconds(200))
        #expect(server.openConnections == 0)
        #expect(try client.isClosedByServer())
    }

    @Test func shutdownIsIdempotentAndConcurrentCallersWait() throws {
        let server = HTTPServer(configuration: .testing(), responder: EchoResponder())
        try server.start()
        #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
        let group = DispatchGroup()
        for _ in 0..<3 {
            DispatchQueue.global().async(group: group) { server.shutdown(deadline: .seconds(1)) }
        }
        #expect(group.wait(timeout: .now() + 5) == .success)
        server.shutdown()
        server.waitUntilStopped()
        #expect(server.isDraining)
        #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }

        let never = HTTPServer(configuration: .testing(), responder: EchoResponder())
        never.shutdown()
        never.waitUntilStopped()
    }

    @Test func observerSeesResponsesAndConnections() throws {
        let observer = CountingObserver()
        try TestServer.with(responder: EchoResponder(), observer: observer) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send(Self.get + "HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try client.readResponse()
            _ = try client.readResponse(head: true)
            let bad = try RawHTTPClient(port: server.port)
            try bad.send("BREW / HTTP/1.1\r\nHost: t\r\n\r\n")
            _ = try bad.readResponse()
            #expect(eventually { observer.counts.withLock { $0.responses } == 3 })
            let counts = observer.counts.withLock { $0 }
            #expect(counts.statuses == [200, 200, 501] || counts.statuses == [501, 200, 200])
            #expect(counts.paths.contains("/h"))
            #expect(counts.paths.contains("-"))
            #expect(counts.bodyBytes >= "GET / 0".utf8.count)
            #expect(counts.opened == 2)
        }
        #expect(observer.counts.withLock { $0.closed } == 2)
    }
}
