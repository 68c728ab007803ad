import ConvergenceAPITesting
import Testing

/// An RFC 9457 problem document with this status: the media type and the standard members.
func expectProblem(_ r: some TestResponse, _ status: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(r.status == status, "\(r.bodyText)", sourceLocation: sourceLocation)
    #expect(r.headers["Content-Type"] == "application/problem+json", sourceLocation: sourceLocation)
    let o = try object(r)
    #expect(number(o["status"]) == Double(status), sourceLocation: sourceLocation)
    #expect(o["title"] is String && o["type"] is String && o["detail"] is String, sourceLocation: sourceLocation)
}
