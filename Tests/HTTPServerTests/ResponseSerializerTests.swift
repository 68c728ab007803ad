@testable import HTTPServer
import Testing

@Suite struct ResponseSerializerTests {
    static let date = Array("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n".utf8)

    static func text(_ response: HTTPResponse, head: Bool = false, keepAlive: Bool = true, http10: Bool = false) -> String {
        var out: [UInt8] = []
        ResponseSerializer.serialize(response, isHead: head, keepAlive: keepAlive, http10: http10, date: date, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func imfFixdateMatchesRFC9110Example() {
        // RFC 9110 §5.6.7: "Sun, 06 Nov 1994 08:49:37 GMT" is 784111777 seconds after the epoch.
        #expect(HTTPDate.format(epochSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(epochSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test func writesStatusHeadersLengthDateAndBody() {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        let text = Self.text(HTTPResponse(status: .ok, headers: headers, body: Array("{}".utf8)))
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n{}")
    }

    @Test func connectionHeaderFollowsTheDecision() {
        #expect(Self.text(HTTPResponse(), keepAlive: false).contains("\r\nConnection: close\r\n"))
        #expect(Self.text(HTTPResponse(), keepAlive: true, http10: true).contains("\r\nConnection: keep-alive\r\n"))
        #expect(!Self.text(HTTPResponse(), keepAlive: true).contains("Connection:"))
    }

    @Test func headKeepsLengthButNoBody() {
        let text = Self.text(HTTPResponse(body: Array("hello".utf8)), head: true)
        #expect(text.hasSuffix("Content-Length: 5\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n"))
    }

    @Test func bodilessStatusesHaveNoLengthOrBody() {
        let noContent = Self.text(HTTPResponse(status: .noContent, body: Array("x".utf8)))
        #expect(noContent == "HTTP/1.1 204 No Content\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
        #expect(!Self.text(HTTPResponse(status: .notModified)).contains("Content-Length"))
    }

    @Test func customReasonAndUnknownCode() {
        #expect(Self.text(HTTPResponse(status: HTTPStatus(code: 200, reason: "Fine")))
            .hasPrefix("HTTP/1.1 200 Fine\r\n"))
        #expect(Self.text(HTTPResponse(status: HTTPStatus(code: 299, reason: "Odd")))
            .hasPrefix("HTTP/1.1 299 Odd\r\n"))
    }

    @Test func invalidCodeGoesOutAs500WithItsBody() {
        let text = Self.text(HTTPResponse(status: HTTPStatus(code: 42, reason: "Nope"), body: [0x41]))
        #expect(text.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
        #expect(text.hasSuffix("Content-Length: 1\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nA"))
    }

    @Test func serverOwnedAndUnsafeFieldsAreDropped() {
        var headers = HTTPHeaders()
        headers.add("content-length", "999")
        headers.add("Date", "yesterday")
        headers.add("Connection", "keep-alive")
        headers.add("Transfer-Encoding", "chunked")
        headers.add("X-Split", "a\r\nSet-Cookie: evil=1")
        headers.add("Bad Name", "v")
        headers.add("X-Ok", "fine")
        let text = Self.text(HTTPResponse(headers: headers, body: [0x41]))
        #expect(text == "HTTP/1.1 200 OK\r\nX-Ok: fine\r\nContent-Length: 1\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nA")
    }

    @Test func frozenFieldsAreWrittenLikeOthersThenAddedOnes() {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        headers.add("Content-Length", "999")
        headers.add("X-Split", "a\r\nSet-Cookie: evil=1")
        headers.add("ETag", "\"abc\"")
        var frozen = headers.frozen()
        let plain = Self.text(HTTPResponse(headers: headers, body: [0x41]))
        #expect(Self.text(HTTPResponse(headers: frozen, body: [0x41])) == plain)
        frozen.add("X-Request-ID", "r1")
        #expect(Self.text(HTTPResponse(headers: frozen, body: [0x41])) ==
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: \"abc\"\r\nX-Request-ID: r1\r\n"
            + "Content-Length: 1\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\nA")
    }

    @Test func changingAFrozenFieldLeavesTheSharedCopyAlone() {
        var base = HTTPHeaders()
        base.add("Vary", "Accept-Encoding")
        base.add("ETag", "\"t\"")
        let shared = base.frozen()
        var changed = shared
        changed.set("Vary", "Accept-Encoding, Origin")
        changed.add("X-Request-ID", "r2")
        #expect(Self.text(HTTPResponse(headers: changed)) ==
            "HTTP/1.1 200 OK\r\nETag: \"t\"\r\nVary: Accept-Encoding, Origin\r\nX-Request-ID: r2\r\n"
            + "Content-Length: 0\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
        #expect(Self.text(HTTPResponse(headers: shared)) ==
            "HTTP/1.1 200 OK\r\nVary: Accept-Encoding\r\nETag: \"t\"\r\n"
            + "Content-Length: 0\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
        #expect(Array(changed).map(\.name) == ["ETag", "Vary", "X-Request-ID"])
        #expect(shared.count == 2 && changed.count == 3)
        #expect(changed.values(for: "vary") == ["Accept-Encoding, Origin"])
    }

    @Test func removingFrozenFieldsHidesThemInThisCopyOnly() {
        var base = HTTPHeaders()
        base.add("Connection", "close")
        base.add("Vary", "Accept-Encoding")
        base.add("ETag", "\"t\"")
        base.add("vary", "Origin")
        let shared = base.frozen()
        var changed = shared
        changed.remove("VARY")
        #expect(changed["Vary"] == nil && !changed.contains("vary") && changed.values(for: "Vary").isEmpty)
        #expect(changed.values(for: "vary").last == nil && shared.values(for: "VARY").last == "Origin")
        var added = changed
        added.add("ETag", "\"u\"")
        #expect(added.values(for: "etag").last == "\"u\"" && added["ETag"] == "\"t\"" && changed.values(for: "ETag").last == "\"t\"")
        #expect(changed.count == 2 && Array(changed).map(\.name) == ["Connection", "ETag"])
        #expect(Self.text(HTTPResponse(headers: changed)) ==
            "HTTP/1.1 200 OK\r\nETag: \"t\"\r\nContent-Length: 0\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n")
        #expect(ResponseSerializer.asksToClose(HTTPResponse(headers: changed)))
        changed.remove("Connection")
        #expect(!ResponseSerializer.asksToClose(HTTPResponse(headers: changed)))
        #expect(ResponseSerializer.asksToClose(HTTPResponse(headers: shared)))
        #expect(shared.values(for: "vary") == ["Accept-Encoding", "Origin"] && shared.count == 4)
        // Frozen again: only what this copy still has.
        #expect(Array(changed.frozen()).map(\.name) == ["ETag"])
    }

    @Test func removingPastTheSixtyFourthFrozenFieldKeepsTheRest() {
        var base = HTTPHeaders()
        for i in 0..<70 { base.add("X-\(i)", "\(i)") }
        var changed = base.frozen()
        changed.remove("X-3")
        changed.remove("X-68")
        changed.add("X-Last", "z")
        let names = Array(changed).map(\.name)
        #expect(names.count == 69 && !names.contains("X-3") && !names.contains("X-68") && names.last == "X-Last")
        #expect(changed["X-69"] == "69" && changed["X-68"] == nil && changed.count == 69)
        let text = Self.text(HTTPResponse(headers: changed))
        #expect(text.contains("\r\nX-67: 67\r\nX-69: 69\r\nX-Last: z\r\n") && !text.contains("X-3:"))
    }

    @Test func frozenConnectionCloseStillEndsTheConnection() {
        var headers = HTTPHeaders()
        headers.add("Connection", "keep-alive, close")
        #expect(ResponseSerializer.asksToClose(HTTPResponse(headers: headers.frozen())))
        var later = HTTPHeaders().frozen()
        later.add("Connection", "close")
        #expect(ResponseSerializer.asksToClose(HTTPResponse(headers: later)))
        #expect(!ResponseSerializer.asksToClose(HTTPResponse(headers: HTTPHeaders([("X-A", "close")]).frozen())))
    }

    @Test func tokenBytesAreExactlyTchar() {
        // RFC 9110 §5.6.2, spelled out: the bit table must say the same for every byte.
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for c in 0...255 { #expect(HTTPRequestParser.isTokenByte(UInt8(c)) == tchar.contains(UInt8(c)), "byte \(c)") }
    }

    @Test func decimalDigits() {
        for n in [0, 7, 10, 99, 100, 1_048_576, Int.max] {
            let text = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer -> String in
                guard var head = ResponseHead(buffer) else { return "" }
                head.writeDecimal(n)
                return String(decoding: head.written, as: UTF8.self)
            }
            #expect(text == String(n))
        }
    }
}
