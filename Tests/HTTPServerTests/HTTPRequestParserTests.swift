import HTTPServer
import Testing

@Suite struct HTTPRequestParserTests {
    // MARK: well-formed requests

    @Test func simpleGet() {
        let out = parseEverySplit("GET /healthz HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n")
        #expect(out.count == 1)
        let r = out.first?.request
        #expect(r?.method == "GET")
        #expect(r?.target == "/healthz")
        #expect(r?.path == "/healthz")
        #expect(r?.query == nil)
        #expect(r?.version == "HTTP/1.1")
        #expect(r?.headers == ["Host: example.com", "Accept: */*"])
        #expect(r?.body == [])
        #expect(r?.keepAlive == true)
    }

    @Test func queryIsSplitFromPath() {
        let r = parseEverySplit("GET /a/b?x=1&y=%20 HTTP/1.1\r\nHost: h\r\n\r\n").first?.request
        #expect(r?.path == "/a/b")
        #expect(r?.query == "x=1&y=%20")
        #expect(r?.target == "/a/b?x=1&y=%20")
    }

    @Test func emptyQuery() {
        let r = parseEverySplit("GET /a? HTTP/1.1\r\nHost: h\r\n\r\n").first?.request
        #expect(r?.path == "/a")
        #expect(r?.query == "")
    }

    @Test func fieldValuesAreTrimmedOfOptionalWhitespace() {
        let r = parseEverySplit("GET / HTTP/1.1\r\nHost:h\r\nX-A: \t v w \t\r\nX-Empty:\r\n\r\n").first?.request
        #expect(r?.headers == ["Host: h", "X-A: v w", "X-Empty: "])
    }

    @Test func pipelinedRequestsComeOutInOrder() {
        let text = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /3 HTTP/1.1\r\nHost: h\r\n\r\n"
        let out = parseEverySplit(text)
        #expect(out.map { $0.request?.target } == ["/1", "/2", "/3"])
        #expect(out[1].request?.body == Array("abc".utf8))
    }

    @Test func contentLengthBody() {
        let r = parseEverySplit("POST /score HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n{\"a\":1.25}\n").first?.request
        #expect(r?.method == "POST")
        #expect(r?.body == Array("{\"a\":1.25}\n".utf8))
    }

    @Test func identicalDuplicateContentLengthsAreAccepted() {
        let r = parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok").first?.request
        #expect(r?.body == Array("ok".utf8))
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() {
        let text = "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n"
            + "1 ; ext\r\n,\r\n"
            + "A\r\n0123456789\r\n"
            + "0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n"
            + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n"
        let out = parseEverySplit(text)
        #expect(out.count == 2)
        #expect(out.first?.request?.body == Array("hello,0123456789".utf8))
        #expect(out.last?.request?.target == "/next")
    }

    @Test func chunkedCodingIsCaseInsensitiveAndMayBeListed() {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: CHUNKED\r\n\r\n2\r\nhi\r\n0\r\n\r\n"
        #expect(parseEverySplit(text).first?.request?.body == Array("hi".utf8))
    }

    @Test func absoluteFormTarget() {
        let r = parseEverySplit("GET http://example.com:8080/x/y?q=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n").first?.request
        #expect(r?.target == "http://example.com:8080/x/y?q=1")
        #expect(r?.path == "/x/y")
        #expect(r?.query == "q=1")
        let bare = parseEverySplit("GET https://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n").first?.request
        #expect(bare?.path == "/")
    }

    @Test func asteriskFormForOptions() {
        let r = parseEverySplit("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").first?.request
        #expect(r?.method == "OPTIONS")
        #expect(r?.path == "*")
        #expect(parseEverySplit("GET * HTTP/1.1\r\nHost: h\r\n\r\n") == [.error(400)])
    }

    @Test func headRequest() {
        #expect(parseEverySplit("HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n").first?.request?.method == "HEAD")
    }

    @Test func everyKnownMethodParses() {
        for method in HTTPMethod.allCases where method != .connect && method != .options {
            let r = parseEverySplit("\(method.rawValue) / HTTP/1.1\r\nHost: h\r\n\r\n").first?.request
            #expect(r?.method == method.rawValue)
        }
    }

    @Test func connectionSemantics() {
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").first?.request?.keepAlive == false)
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, CLOSE\r\n\r\n").first?.request?.keepAlive == false)
        #expect(parseEverySplit("GET / HTTP/1.0\r\n\r\n").first?.request?.keepAlive == false)
        #expect(parseEverySplit("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").first?.request?.keepAlive == true)
        #expect(parseEverySplit("GET / HTTP/1.0\r\n\r\n").first?.request?.version == "HTTP/1.0")
    }

    @Test func higherMinorVersionIsTreatedAsHTTP11() {
        #expect(parseEverySplit("GET / HTTP/1.2\r\nHost: h\r\n\r\n").first?.request?.version == "HTTP/1.1")
    }

    @Test func leadingEmptyLinesAreIgnored() {
        #expect(parseEverySplit("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n").first?.request?.path == "/")
        #expect(parseEverySplit(String(repeating: "\r\n", count: 5) + "GET / HTTP/1.1\r\nHost: h\r\n\r\n") == [.error(400)])
    }

    // MARK: Host

    @Test func hostIsRequiredOnHTTP11() {
        #expect(parseEverySplit("GET / HTTP/1.1\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit("GET / HTTP/1.0\r\n\r\n").first?.request != nil)
    }

    // MARK: request line

    @Test func malformedRequestLines() {
        for line in [
            "GET  / HTTP/1.1", "GET /  HTTP/1.1", "GET / HTTP/1.1 ", " GET / HTTP/1.1", "GET /", "GET",
            "GET / http/1.1", "GET / HTTP/1.1x", "GET / HTTP/11", "GET / HTTP/1.", "GET\t/ HTTP/1.1",
            "G(T / HTTP/1.1", "GET x HTTP/1.1", "GET /a#frag HTTP/1.1", "GET /a\u{7F} HTTP/1.1",
            "GET /é HTTP/1.1", "GET http:/x HTTP/1.1", "GET http:///x HTTP/1.1",
        ] {
            #expect(parseEverySplit("\(line)\r\nHost: h\r\n\r\n") == [.error(400)], "\(line)")
        }
    }

    @Test func controlCharactersInTargetAreRejected() {
        #expect(parseEverySplit(bytes: Array("GET /a".utf8) + [0] + Array("b HTTP/1.1\r\nHost: h\r\n\r\n".utf8)) == [.error(400)])
        #expect(parseEverySplit(bytes: Array("GET /a".utf8) + [0x0D] + Array("b HTTP/1.1\r\nHost: h\r\n\r\n".utf8)) == [.error(400)])
    }

    @Test func unsupportedVersionsAre505() {
        for version in ["HTTP/2.0", "HTTP/0.9", "HTTP/3.0"] {
            #expect(parseEverySplit("GET / \(version)\r\nHost: h\r\n\r\n") == [.error(505)], "\(version)")
        }
    }

    @Test func unknownMethodsAre501() {
        #expect(parseEverySplit("BREW /pot HTTP/1.1\r\nHost: h\r\n\r\n") == [.error(501)])
        // Methods are case-sensitive (RFC 9110 §9.1).
        #expect(parseEverySplit("get / HTTP/1.1\r\nHost: h\r\n\r\n") == [.error(501)])
    }

    @Test func junkIsRefusedAtOnce() {
        // A TLS ClientHello on the plain-HTTP port: refused at its first byte.
        #expect(parse(chunks: [[0x16]], limits: HTTPParserLimits()).outcomes == [.error(400)])
        // A bad request line is refused when the line ends, before any header arrives.
        #expect(parse(chunks: [Array("GET / HTTP/9.9\r\n".utf8)], limits: HTTPParserLimits()).outcomes == [.error(505)])
        #expect(parse(chunks: [Array("BREW / HTTP/1.1\r\n".utf8)], limits: HTTPParserLimits()).outcomes == [.error(501)])
        #expect(parse(chunks: [Array("GET /a b HTTP/1.1\r\n".utf8)], limits: HTTPParserLimits()).outcomes == [.error(400)])
    }

    @Test func bareLineFeedIsRejected() {
        #expect(parseEverySplit("GET / HTTP/1.1\nHost: h\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: h\n\r\n") == [.error(400)])
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: h\r\n\n") == [.error(400)])
    }

    // MARK: header fields

    @Test func obsoleteLineFoldingIsRejected() {
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n\tb\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit("GET / HTTP/1.1\r\n Host: h\r\n\r\n") == [.error(400)])
    }

    @Test func whitespaceBeforeColonIsRejected() {
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost : h\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: h\r\nContent-Length\t: 0\r\n\r\n") == [.error(400)])
    }

    @Test func invalidFieldNamesAreRejected() {
        for name in ["X(a)", "X/a", "X\"a", "X[a]", "X@a", "X=a", "X{a}", "", "Ünï"] {
            #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: h\r\n\(name): v\r\n\r\n") == [.error(400)], "\(name)")
        }
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n") == [.error(400)])
    }

    @Test func controlCharactersInValuesAreRejected() {
        for c: UInt8 in [0x00, 0x01, 0x0D, 0x1B, 0x1F, 0x7F] {
            let bytes = Array("GET / HTTP/1.1\r\nHost: h\r\nX-A: a".utf8) + [c] + Array("b\r\n\r\n".utf8)
            #expect(parseEverySplit(bytes: bytes) == [.error(400)], "0x\(String(c, radix: 16))")
        }
        // Horizontal tab and obs-text are allowed inside values.
        let ok = Array("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\tb".utf8) + [0xC3, 0xA9] + Array("\r\n\r\n".utf8)
        #expect(parseEverySplit(bytes: ok).first?.request != nil)
    }

    /// Values are text as received: short ones (made without UTF-8 validation when ASCII) and
    /// long ones alike, with invalid UTF-8 repaired to U+FFFD on both sides of that line.
    @Test func valueTextAtEveryLength() {
        for length in [0, 1, 14, 15, 16, 40] {
            for tail: [UInt8] in [[], [0xC3, 0xA9], [0xFF], [0xC3]] {
                let value = Array(repeating: UInt8(ascii: "v"), count: length) + tail
                let bytes = Array("GET /q?\(length) HTTP/1.1\r\nHost: h\r\nX-A: ".utf8) + value + Array("\r\n\r\n".utf8)
                let request = parseEverySplit(bytes: bytes).first?.request
                #expect(request?.headers.last == "X-A: " + String(decoding: value, as: UTF8.self), "\(length) \(tail)")
                #expect(request?.query == "\(length)")
            }
        }
    }

    // MARK: framing

    @Test func contentLengthWithTransferEncodingIsRejected() {
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n") == [.error(400)])
    }

    @Test func malformedContentLengthIsRejected() {
        for value in ["+5", "-1", "1 2", "abc", "0x10", "1,1", "5,", "", "99999999999999999999", "1.0", "\u{FF11}"] {
            #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: \(value)\r\n\r\n") == [.error(400)], "\(value)")
        }
    }

    @Test func differingContentLengthsAreRejected() {
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab") == [.error(400)])
    }

    @Test func transferEncodingMustEndInChunked() {
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \r\n\r\n") == [.error(400)])
        // A coding we cannot decode in front of chunked: not implemented.
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n") == [.error(501)])
        // HTTP/1.0 has no transfer codings.
        #expect(parseEverySplit("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == [.error(400)])
    }

    @Test func invalidChunkSizesAreRejected() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        for chunk in ["zz\r\n", "\r\n", "-1\r\n", "+1\r\n", "0x1\r\n", "1 1\r\nx\r\n", "1\r\nxy\r\n", "1\r\nx\n",
                      "fffffffffffffffff\r\n", "1\nx\r\n", "1;a\u{01}\r\nx\r\n"] {
            #expect(parseEverySplit(head + chunk + "0\r\n\r\n") == [.error(400)], "\(chunk.debugDescription)")
        }
    }

    @Test func leadingZerosInChunkSizeAreFine() {
        let text = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000000001\r\nx\r\n0\r\n\r\n"
        #expect(parseEverySplit(text).first?.request?.body == [0x78])
    }

    @Test func badTrailersAreRejected() {
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
        #expect(parseEverySplit(head + "Bad Name: x\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit(head + "X: a\u{01}\r\n\r\n") == [.error(400)])
        #expect(parseEverySplit(head + "X: a\r\n b\r\n\r\n") == [.error(400)])
    }

    // MARK: limits

    @Test func requestLineOverLimitIs414() {
        let limits = HTTPParserLimits(maxRequestLineBytes: 40)
        let long = "GET /" + String(repeating: "a", count: 40) + " HTTP/1.1\r\nHost: h\r\n\r\n"
        #expect(parseEverySplit(long, limits: limits) == [.error(414)])
        // Refused before the line ends.
        #expect(parse(chunks: [Array(("GET /" + String(repeating: "a", count: 60)).utf8)], limits: limits).outcomes == [.error(414)])
        // Exactly at the limit is fine.
        let exact = "GET /" + String(repeating: "a", count: 26) + " HTTP/1.1"
        #expect(exact.utf8.count == 40)
        #expect(parseEverySplit(exact + "\r\nHost: h\r\n\r\n", limits: limits).first?.request != nil)
    }

    @Test func headerSectionOverLimitIs431() {
        let limits = HTTPParserLimits(maxHeaderBytes: 64)
        let big = "GET / HTTP/1.1\r\nHost: h\r\nX-A: " + String(repeating: "v", count: 60) + "\r\n\r\n"
        #expect(parseEverySplit(big, limits: limits) == [.error(431)])
        #expect(parse(chunks: [Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "v", count: 100)).utf8)], limits: limits).outcomes == [.error(431)])
    }

    @Test func tooManyHeaderFieldsIs431() {
        let limits = HTTPParserLimits(maxHeaderCount: 3)
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\n\r\n", limits: limits).first?.request != nil)
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: limits) == [.error(431)])
    }

    @Test func bodyOverLimitIs413BeforeReadingIt() {
        let limits = HTTPParserLimits(maxBodySize: 10)
        // No body byte sent: the head alone is enough to refuse.
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits: limits) == [.error(413)])
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789", limits: limits).first?.request?.body.count == 10)
    }

    @Test func chunkedBodyOverLimitIs413() {
        let limits = HTTPParserLimits(maxBodySize: 10)
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(parseEverySplit(head + "6\r\n012345\r\n5\r\n", limits: limits) == [.error(413)])
        #expect(parseEverySplit(head + "6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n", limits: limits).first?.request?.body.count == 10)
    }

    @Test func hugeDeclaredLengthAllocatesNothing() {
        // 1e17 would be an allocation failure if used for a reservation; it is refused instead.
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100000000000000000\r\n\r\n") == [.error(413)])
    }

    // MARK: Expect

    @Test func expectContinueIsSignalledWhenNoBodyHasArrived() {
        let head = Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8)
        var parser = HTTPRequestParser()
        parser.feed(head)
        guard case .expectContinue = parser.next() else {
            Issue.record("expected .expectContinue")
            return
        }
        #expect(parser.next().isNeedMore)
        parser.feed(Array("ok".utf8))
        guard case .request(let r) = parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(r.body == Array("ok".utf8))
        // Body already sent with the head: no 100 needed.
        #expect(parse(chunks: [head + Array("ok".utf8)], limits: HTTPParserLimits()).continues == 0)
        // Nothing to continue for a body-less request.
        #expect(parse(chunks: [Array("GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n".utf8)], limits: HTTPParserLimits()).continues == 0)
    }

    @Test func expectContinueOverLimitIs413WithoutContinue() {
        let result = parse(
            chunks: [Array("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 99\r\n\r\n".utf8)],
            limits: HTTPParserLimits(maxBodySize: 10))
        #expect(result.outcomes == [.error(413)])
        #expect(result.continues == 0)
    }

    @Test func unknownExpectationIs417() {
        #expect(parseEverySplit("POST / HTTP/1.1\r\nHost: h\r\nExpect: teapot\r\nContent-Length: 0\r\n\r\n") == [.error(417)])
    }

    // MARK: state

    @Test func phaseTracksProgress() {
        var parser = HTTPRequestParser()
        #expect(parser.phase == .idle)
        parser.feed(Array("GET / HT".utf8))
        #expect(parser.next().isNeedMore)
        #expect(parser.phase == .head)
        parser.feed(Array("TP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(parser.next().isNeedMore)
        #expect(parser.phase == .body)
        parser.feed(Array("ok".utf8))
        #expect(!parser.next().isNeedMore)
        #expect(parser.phase == .idle)
        parser.feed(Array("BAD\r\n\r\n".utf8))
        _ = parser.next()
        #expect(parser.phase == .failed)
        #expect(parser.next().isNeedMore)
    }

    @Test func errorDetailSaysWhere() {
        var parser = HTTPRequestParser()
        parser.feed(Array("GET / HTTP/1.1\r\nHost: h\r\nX-Bad: a\u{01}\r\n\r\n".utf8))
        guard case .error(let error) = parser.next() else {
            Issue.record("expected an error")
            return
        }
        #expect(error.detail.contains("X-Bad"))
        #expect(error.detail.contains("byte 33"))
    }

    /// Each malformed field line is refused with what is wrong and at which byte (the name is
    /// scanned up to its colon in one pass, the value a word at a time).
    @Test func fieldLineErrorsSayWhatAndWhere() {
        func detail(_ line: [UInt8]) -> String? {
            var parser = HTTPRequestParser()
            parser.feed(Array("GET / HTTP/1.1\r\nHost: h\r\n".utf8) + line + Array("\r\n\r\n".utf8))
            guard case .error(let error) = parser.next() else { return nil }
            return error.detail
        }
        // The line starts at byte 25.
        #expect(detail(Array("Host : h".utf8)) == "whitespace between header field name and ':' at byte 29")
        #expect(detail(Array("X(a): v".utf8)) == "invalid character 0x28 in header field name at byte 26")
        #expect(detail(Array("NoColon".utf8)) == "header line without ':' at byte 25")
        #expect(detail(Array("No(Colon".utf8)) == "header line without ':' at byte 25")
        #expect(detail(Array(": v".utf8)) == "empty header field name at byte 25")
        // A control character anywhere in a long value; HTAB and obs-text are not refused.
        for position in 0..<20 {
            for c: UInt8 in [0x00, 0x0B, 0x1F, 0x7F] {
                var value = Array("abcdefghij\tklmnopqrs".utf8.prefix(20)) + [0xC3, 0xA9]
                value[position] = c
                #expect(detail(Array("X-Long: ".utf8) + value) == "invalid character 0x\(c < 0x10 ? "0" : "")\(String(c, radix: 16, uppercase: true)) in header X-Long at byte \(33 + position)",
                        "0x\(String(c, radix: 16)) at \(position)")
            }
        }
        #expect(detail(Array("X-Long: abcdefghij\tklmnopqrs".utf8) + [0xC3, 0xA9]) == nil)
    }

    @Test func longKeepAliveStreamDoesNotGrowTheBuffer() {
        var parser = HTTPRequestParser()
        let one = Array("GET /x HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        for _ in 0..<10_000 {
            parser.feed(one)
            #expect(!parser.next().isNeedMore)
        }
        #expect(parser.bufferedByteCount == 0)
    }

    /// Common names are made from literals (`knownFieldName`): the spelling received is kept
    /// whichever way a name is made, and lookups stay case-insensitive.
    @Test func fieldNamesKeepTheirSpelling() {
        let text = "GET / HTTP/1.1\r\nHost: h\r\nhost2: x\r\nUser-Agent: u\r\nuser-agent: v\r\nX-Request-Id: r\r\n"
            + "Accept-Encodinh: no\r\nAccept-Encoding: gzip\r\n\r\n"
        #expect(parseEverySplit(text).first?.request?.headers == [
            "Host: h", "host2: x", "User-Agent: u", "user-agent: v", "X-Request-Id: r", "Accept-Encodinh: no",
            "Accept-Encoding: gzip",
        ])
        var parser = HTTPRequestParser()
        parser.feed(Array(text.utf8))
        guard case .request(let r) = parser.next() else { Issue.record("no request"); return }
        #expect(r.headers.values(for: "USER-AGENT") == ["u", "v"])
        #expect(r.headers["x-request-id"] == "r")
        #expect(r.headers["Accept-Encoding"] == "gzip")
    }

    /// Common values are made from literals too (`fieldValue`): a value of the same length that
    /// differs by a byte or by case, and one around a literal's length, keep what was received.
    @Test func fieldValuesKeepTheirBytes() {
        let values = [
            "application/json", "application/jsoN", "Application/json", "application/json;",
            "gzip, deflate, br", "gzip, deflate, bz", "gzip, deflate, br, zstd", "gzip, deflate, br, zsta",
            "application/json; charset=utf-8", "application/json; charset=UTF-8", "application/jsonx charset=utf-8",
        ]
        let text = "POST / HTTP/1.1\r\nHost: h\r\n" + values.map { "X-V: \($0)\r\n" }.joined() + "\r\n"
        #expect(parseEverySplit(text).first?.request?.headers == ["Host: h"] + values.map { "X-V: \($0)" })
    }

    // MARK: reused storage

    /// The server hands each answered request back (`reuseStorage(of:)`): the next request has
    /// its own fields only, and a copy of the answered one kept elsewhere is left intact.
    @Test func reusedFieldStorageHoldsOnlyTheNextRequestsFields() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("GET /a HTTP/1.1\r\nHost: h\r\nX-One: 1\r\nX-Two: 2\r\n\r\n".utf8))
        guard case .request(var first) = parser.next() else { Issue.record("no first request"); return }
        let kept = first.headers
        parser.reuseStorage(of: &first)
        parser.feed(Array("GET /b HTTP/1.1\r\nHost: g\r\n\r\nGET /c HTTP/1.1\r\nHost: f\r\nX-Three: 3\r\n\r\n".utf8))
        guard case .request(var second) = parser.next() else { Issue.record("no second request"); return }
        #expect(second.headers.map(\.name) == ["Host"])
        #expect(second.headers["Host"] == "g")
        #expect(second.headers["X-One"] == nil)
        #expect(Array(kept).map(\.value) == ["h", "1", "2"])
        parser.reuseStorage(of: &second)
        guard case .request(let third) = parser.next() else { Issue.record("no third request"); return }
        #expect(third.path == "/c")
        #expect(third.headers.map(\.name) == ["Host", "X-Three"])
        #expect(third.headers["X-Three"] == "3")
    }
}

extension HTTPRequestParser.Event {
    var isNeedMore: Bool {
        if case .needMore = self { return true }
        return false
    }
}
