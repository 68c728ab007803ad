import HTTPServer
import Testing

/// `HTTPRequestParser.requestHead`: the parsed head of the request being read, kept after an
/// error found once the head was complete, so that error responses can still carry the
/// request id and be logged with the method and path.
@Suite struct ParserRequestHeadTests {
    /// Feeds `text` (whole, then byte by byte) and returns the error status and the head then.
    static func failure(_ text: String, limits: HTTPParserLimits = HTTPParserLimits(maxBodySize: 10)) -> [(Int, HTTPRequest?)] {
        let bytes = Array(text.utf8)
        var results: [(Int, HTTPRequest?)] = []
        for chunks in [[bytes], bytes.map { [$0] }] {
            var parser = HTTPRequestParser(limits: limits)
            parser.remoteAddress = "192.0.2.1"
            feeding: for chunk in chunks {
                parser.feed(chunk)
                while case let event = parser.next(), !event.isNeedMore {
                    if case .error(let error) = event {
                        results.append((error.status.code, parser.requestHead))
                        break feeding
                    }
                }
            }
        }
        return results
    }

    @Test func headAfterContentTooLarge() throws {
        let results = Self.failure("PUT /x/y?q=1 HTTP/1.1\r\nHost: h\r\nX-Request-ID: id-7\r\nContent-Length: 11\r\n\r\n")
        #expect(results.count == 2)
        for (status, head) in results {
            #expect(status == 413)
            let head = try #require(head)
            #expect(head.method == .put)
            #expect(head.target == "/x/y?q=1")
            #expect(head.path == "/x/y")
            #expect(head.query == "q=1")
            #expect(head.headers["X-Request-ID"] == "id-7")
            #expect(head.headers.count == 3)
            #expect(head.body.isEmpty)
            #expect(head.remoteAddress == "192.0.2.1")
            // The connection closes after a server error.
            #expect(!head.keepAlive)
        }
    }

    @Test func headAfterABadChunkHasNoBody() throws {
        let results = Self.failure(
            "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nxyz\r\n",
            limits: HTTPParserLimits())
        #expect(results.count == 2)
        for (status, head) in results {
            #expect(status == 400)
            #expect(try #require(head).path == "/c")
            #expect(head?.body.isEmpty == true)
        }
    }

    @Test func semanticErrorsKeepEveryField() throws {
        // The first semantic error wins, but the fields after it are still in the head.
        let results = Self.failure(
            "POST /s HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\nExpect: x\r\nHost: h\r\nX-Request-ID: late\r\n\r\n")
        for (status, head) in results {
            #expect(status == 400)
            #expect(try #require(head).headers["X-Request-ID"] == "late")
        }
        let expect = Self.failure("POST /s HTTP/1.1\r\nExpect: x\r\nHost: h\r\nX-Request-ID: late\r\n\r\n")
        for (status, head) in expect {
            #expect(status == 417)
            #expect(head?.headers["X-Request-ID"] == "late")
        }
    }

    @Test func noHeadBeforeTheHeadIsParsed() {
        let cases = [
            "GET /\(String(repeating: "a", count: 100)) HTTP/1.1\r\n\r\n",  // 414
            "GET / HTTP/1.1\r\nHost: h\r\nBad\u{1}: 1\r\n\r\n",  // field syntax
            "GET / HTTP/1.1\r\nHost: h\r\n Folded\r\n\r\n",  // obs-fold
            "GET / HTTP/3.0\r\n\r\n",  // 505
            "BREW / HTTP/1.1\r\n\r\n",  // 501
        ]
        for text in cases {
            let results = Self.failure(text, limits: HTTPParserLimits(maxRequestLineBytes: 64))
            #expect(results.count == 2, "\(text)")
            for (_, head) in results { #expect(head == nil, "\(text)") }
        }
    }

    @Test func noHeadBetweenRequests() throws {
        var parser = HTTPRequestParser()
        parser.feed(Array("POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nab".utf8))
        #expect(parser.next().isNeedMore)
        // While the body arrives, the head is known.
        #expect(try #require(parser.requestHead).path == "/b")
        parser.feed(Array("c".utf8))
        guard case .request(let request) = parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(request.body == Array("abc".utf8))
        #expect(parser.requestHead == nil)
    }
}
