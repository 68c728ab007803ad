@testable import ConvergenceAPI
import ConvergenceAPITesting
import Foundation
import HTTPServer
import HTTPTestSupport
import Testing

/// The server's own errors (501, 413, 414, 431, 408, framing) as the service renders them:
/// problem+json with a request id and CORS, logged and counted, over a real socket.
@Suite struct ServerErrorsEndToEndTests {
    @Test func unknownMethodIs501() throws {
        let h = try ServiceHarness()
        try expectProblem(try h.send("BREW", "/levels"), 501)
    }

    @Test func limitsAnswer413And414And431() throws {
        var configuration = HTTPServer.Configuration.testing(
            limits: HTTPParserLimits(maxRequestLineBytes: 256, maxHeaderBytes: 512, maxHeaderCount: 10, maxBodySize: 64))
        configuration.eventLoops = 1
        let h = try ServiceHarness(configuration: configuration)
        try expectProblem(try h.post("/score", "[" + String(repeating: "{},", count: 40) + "{}]"), 413)
        try expectProblem(try h.get("/levels?" + String(repeating: "a", count: 300)), 414)
        try expectProblem(try h.get("/levels", headers: [("X-Big", String(repeating: "b", count: 600))]), 431)
        // the server's own errors are in the access log too
        #expect(h.accessLog().contains(#""status":413"#))
    }

    /// The server's own errors after the head was parsed carry the request id and CORS
    /// headers (X-Request-ID is echoed when valid and logged, docs/examples.md), and the
    /// access log names the method, path and id.
    @Test func serverErrorsCarryRequestIDAndCORSAndAreLogged() throws {
        var configuration = HTTPServer.Configuration.testing(limits: HTTPParserLimits(maxBodySize: 64))
        configuration.eventLoops = 1
        let h = try ServiceHarness(configuration: configuration)
        let r = try h.send("POST", "/score", headers: [
            ("X-Request-ID", "big-body-1"), ("Origin", "https://x.example"), ("Content-Type", "application/json"),
        ], body: String(repeating: " ", count: 1000))
        try expectProblem(r, 413)
        #expect(r.headers["X-Request-ID"] == "big-body-1")
        #expect(r.headers["Access-Control-Allow-Origin"] == "*")
        let line = try #require(h.accessLog().split(separator: "\n").first { $0.contains(#""status":413"#) })
        #expect(line.contains(#""method":"POST""#))
        #expect(line.contains(#""path":"/score""#))
        #expect(line.contains(#""requestId":"big-body-1""#))
    }

    /// A stalled body (408) echoes the id too; an unparsed head (431) still gets a generated
    /// one (X-Request-ID is generated when absent or invalid, docs/examples.md).
    @Test func stalledBodyAndUnparsedHeadGetRequestIDs() throws {
        let h = try ServiceHarness(configuration: .testing(
            limits: HTTPParserLimits(maxHeaderBytes: 512), timeout: .milliseconds(300)))
        let client = try RawHTTPClient(port: h.port)
        try client.send("POST /score HTTP/1.1\r\nHost: x\r\nX-Request-ID: slow-1\r\nContent-Length: 20\r\n\r\n{\"ad")
        let r = try #require(try client.readResponse())
        try expectProblem(r, 408)
        #expect(r.headers["X-Request-ID"] == "slow-1")
        let big = try h.get("/levels", headers: [("X-Big", String(repeating: "b", count: 600))])
        try expectProblem(big, 431)
        #expect(RequestIDGenerator.isValid(big.headers["X-Request-ID"] ?? ""))
    }

    @Test func slowRequestIs408() throws {
        let h = try ServiceHarness(configuration: .testing(timeout: .milliseconds(300)))
        let client = try RawHTTPClient(port: h.port)
        try client.send("GET /levels HTTP/1.1\r\nHost: x\r\n")  // never finishes its head
        let r = try #require(try client.readResponse())
        try expectProblem(r, 408)
    }
}
