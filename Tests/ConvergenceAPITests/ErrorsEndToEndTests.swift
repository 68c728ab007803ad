@testable import ConvergenceAPI
import Foundation
import HTTPServer
import HTTPTestSupport
import Testing

/// Each error status of the API (openapi/openapi.json), as RFC 9457 problem+json, over a real socket.
@Suite struct ErrorsEndToEndTests {
    func expectProblem(_ r: RawHTTPResponse, _ status: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(r.status == status, "\(r.bodyText)", sourceLocation: sourceLocation)
        #expect(r.headers["Content-Type"] == "application/problem+json", sourceLocation: sourceLocation)
        let o = try object(r)
        #expect(number(o["status"]) == Double(status), sourceLocation: sourceLocation)
        #expect(o["title"] is String && o["type"] is String && o["detail"] is String, sourceLocation: sourceLocation)
    }

    @Test func malformedJSONSaysWhere() throws {
        let h = try ServiceHarness()
        let r = try h.post("/score", "{\n  \"adoption\": 0.6,\n  \"standardization\" 0.7\n}")
        try expectProblem(r, 400)
        let detail = try object(r)["detail"] as? String ?? ""
        #expect(detail.contains("line 3, column 21"), "\(detail)")
    }

    @Test func notFoundNamesWhat() throws {
        let h = try ServiceHarness()
        for (target, name) in [("/technologies/nope", "nope"), ("/tables/zz", "zz"), ("/models/m9", "m9"), ("/levels/L9", "L9"),
                               ("/compare/adamw", "adamw"), ("/no/such/route", "/no/such/route")] {
            let r = try h.get(target)
            try expectProblem(r, 404)
            #expect((try object(r)["detail"] as? String)?.contains(name) == true)
        }
    }

    @Test func methodNotAllowedListsAllow() throws {
        let h = try ServiceHarness()
        var r = try h.send("DELETE", "/levels")
        try expectProblem(r, 405)
        #expect(r.headers["Allow"] == "GET, HEAD, OPTIONS")
        r = try h.send("PUT", "/score", body: "{}")
        try expectProblem(r, 405)
        #expect(r.headers["Allow"] == "GET, HEAD, POST, OPTIONS")
    }

    @Test func serverWideOptions() throws {
        let h = try ServiceHarness()
        let r = try h.send("OPTIONS", "*")
        #expect(r.status == 204 || r.status == 200)
        #expect(r.headers["Allow"]?.contains("POST") == true)
    }

    @Test func unknownMethodIs501() throws {
        let h = try ServiceHarness()
        try expectProblem(try h.send("BREW", "/levels"), 501)
    }

    @Test func unsupportedMediaTypeButFormAndMissingTypesCarryJSON() throws {
        let h = try ServiceHarness()
        let body = #"{"adoption":0.6,"standardization":0.7,"controversy":0.3}"#
        try expectProblem(try h.post("/score", body, contentType: "text/plain"), 415)
        try expectProblem(try h.post("/score", body, contentType: "multipart/form-data; boundary=x"), 415)
        // curl -d's default, no type at all, and +json types are accepted
        #expect(try h.post("/score", body, contentType: "application/x-www-form-urlencoded").status == 200)
        #expect(try h.post("/score", body, contentType: nil).status == 200)
        #expect(try h.post("/score", body, contentType: "application/merge-patch+json").status == 200)
        #expect(try h.post("/score", body, contentType: "application/json; charset=utf-8").status == 200)
    }

    @Test func unprocessableCarriesEveryPointer() throws {
        let h = try ServiceHarness()
        var r = try h.post("/score", #"{"adoption":1.5,"standardization":"high","controversy":0.3}"#)
        try expectProblem(r, 422)
        #expect(Set(try pointers(r)) == ["/adoption", "/standardization"])
        // a batch fails whole, pointing into the bad item
        r = try h.post("/score", #"[{"technology":"rlhf"},{"technology":"rlhf"},{"technology":"rlhf"},{"adoption":1.5,"standardization":0.5,"controversy":0.2}]"#)
        try expectProblem(r, 422)
        #expect(try pointers(r) == ["/3/adoption"])
        // missing indicator, unknown model, weights not summing to 1, non-finite number
        r = try h.post("/score", #"{"adoption":0.6,"standardization":0.7}"#)
        #expect(try pointers(r) == ["/controversy"])
        r = try h.post("/score", #"{"adoption":0.6,"standardization":0.7,"controversy":0.3,"model":"nope"}"#)
        #expect(try pointers(r) == ["/model"])
        r = try h.post("/score", #"{"weights":{"adoption":0.5,"standardization":0.3,"controversy":0.3},"adoption":0.6,"standardization":0.7,"controversy":0.3}"#)
        #expect(r.status == 422)
        #expect(try pointers(r).allSatisfy { $0.hasPrefix("/weights") })
        r = try h.post("/score", #"{"adoption":1e999,"standardization":0.7,"controversy":0.3}"#)
        #expect(try pointers(r) == ["/adoption"])
        r = try h.get("/score?adoption=abc&standardization=0.7&controversy=0.3")
        try expectProblem(r, 422)
        #expect(try pointers(r) == ["/adoption"])
        r = try h.post("/calculators/moe-cost", #"{"experts":2,"active":8}"#)
        try expectProblem(r, 422)
        r = try h.get("/technologies?level=L7")
        try expectProblem(r, 422)
        #expect(try pointers(r) == ["/level"])
    }

    @Test func limitsAnswer413And414And431() throws {
        var configuration = HTTPServer.Configuration.testing(
            limits: HTTPParserLimits(maxRequestLineLength: 256, maxHeaderBytes: 512, maxHeaderCount: 10, maxBodySize: 64))
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

    @Test func drainingReadyzIs503() throws {
        let h = try ServiceHarness()
        #expect(try h.get("/readyz").status == 200)
        h.service.startDraining()
        try expectProblem(try h.get("/readyz"), 503)
        // liveness is unaffected: the process still runs
        #expect(try h.get("/healthz").status == 200)
    }
}
