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
