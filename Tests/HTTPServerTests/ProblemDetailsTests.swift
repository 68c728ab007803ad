import HTTPServer
import Testing

/// The server's own errors are RFC 9457 problem+json documents.
@Suite struct ProblemDetailsTests {
    @Test func problemIsValidJSONWithEscapedDetail() {
        let response = HTTPResponse.problem(.badRequest, detail: "bad \"quote\" \\ and \u{01} at byte 3")
        #expect(response.status == .badRequest)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"type":"about:blank","title":"Bad Request","status":400,"detail":"bad \"quote\" \\ and \u0001 at byte 3"}"#)
    }
}
