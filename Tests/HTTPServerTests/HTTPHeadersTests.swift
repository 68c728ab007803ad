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
