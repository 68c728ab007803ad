import Testing
import HTTPServer

@Test func headerNamesCompareCaseInsensitively() {
    var headers = HTTPHeaders()
    headers.add("Content-Type", "application/json")
    #expect(headers["content-type"] == "application/json")
    #expect(headers["CONTENT-TYPE"] == "application/json")
    #expect(headers["Content-Typf"] == nil)
    #expect(!HTTPHeaders.equalNames("a-b", "a\u{0D}b"))
}

@Test func onlyASCIILettersFoldCase() {
    #expect(HTTPHeaders.equalNames("Content-Type", "cONTENT-tYPE"))
    #expect(!HTTPHeaders.equalNames("X-[", "X-{"))        // 0x5B and 0x7B differ by 0x20 but are not letters
    #expect(!HTTPHeaders.equalNames("@", "`"))
    #expect(!HTTPHeaders.equalNames("é", "É"))            // not ASCII: compared exactly
    #expect(HTTPHeaders.equalNames("é", "é"))
    #expect(!HTTPHeaders.equalNames("Host", "Hosts"))
    #expect(HTTPHeaders.equalNames("", ""))
    // A long (heap-stored) name and a short (inline) one compare alike.
    let long = String(repeating: "Access-Control-", count: 4)
    #expect(HTTPHeaders.equalNames(long, long.uppercased()))
}

/// A lookup skips the scan when no field has the wanted name's length: every way a field gets
/// in (a list, `add`, `set`, the parser, a frozen part) must still be found, and a name
/// whose length shares a bit (mod 64) with another's is still told apart.
@Test func lookupsFindFieldsHoweverTheyCameIn() {
    let long = "X-" + String(repeating: "n", count: 70)  // 72 bytes: the bit of 8
    var h = HTTPHeaders([("Host", "a")])
    #expect(h["host"] == "a")
    #expect(h["Origin"] == nil)
    h.add(long, "long")
    #expect(h[long.uppercased()] == "long")
    #expect(h["Accept-L"] == nil)
    h.set("Origin", "o")
    #expect(h["ORIGIN"] == "o")
    h.remove("Origin")
    #expect(h["Origin"] == nil)
    var frozen = h.frozen()
    frozen.add("Vary", "Accept")
    #expect(frozen["host"] == "a" && frozen["vary"] == "Accept" && frozen[long] == "long")
    var parser = HTTPRequestParser()
    parser.feed(Array("GET / HTTP/1.1\r\nHost: h\r\nIf-None-Match: \"t\"\r\n\(long): v\r\n\r\n".utf8))
    guard case .request(let request) = parser.next() else {
        Issue.record("no request")
        return
    }
    #expect(request.headers["if-none-match"] == "\"t\"" && request.headers[long] == "v" && request.headers["Origin"] == nil)
}
