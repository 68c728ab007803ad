@testable import ConvergenceAPI
import ConvergenceAPITesting
import Foundation
import HTTPServer
import Testing

/// Each error status the API answers itself (openapi/openapi.json), as RFC 9457 problem+json,
/// in process (the server's own errors: ServerErrorsEndToEndTests).
@Suite struct ProblemResponsesTests {
    @Test func malformedJSONSaysWhere() throws {
        let h = try APITestClient()
        let r = try h.post("/score", "{\n  \"adoption\": 0.6,\n  \"standardization\" 0.7\n}")
        try expectProblem(r, 400)
        let detail = try object(r)["detail"] as? String ?? ""
        #expect(detail.contains("line 3, column 21"), "\(detail)")
    }

    @Test func notFoundNamesWhat() throws {
        let h = try APITestClient()
        for (target, name) in [("/technologies/nope", "nope"), ("/tables/zz", "zz"), ("/models/m9", "m9"), ("/levels/L9", "L9"),
                               ("/compare/adamw", "adamw"), ("/no/such/route", "/no/such/route")] {
            let r = try h.get(target)
            try expectProblem(r, 404)
            #expect((try object(r)["detail"] as? String)?.contains(name) == true)
        }
    }

    @Test func methodNotAllowedListsAllow() throws {
        let h = try APITestClient()
        var r = try h.send("DELETE", "/levels")
        try expectProblem(r, 405)
        #expect(r.headers["Allow"] == "GET, HEAD, OPTIONS")
        r = try h.send("PUT", "/score", body: "{}")
        try expectProblem(r, 405)
        #expect(r.headers["Allow"] == "GET, HEAD, POST, OPTIONS")
    }

    @Test func serverWideOptions() throws {
        let h = try APITestClient()
        let r = try h.send("OPTIONS", "*")
        #expect(r.status == 204 || r.status == 200)
        #expect(r.headers["Allow"]?.contains("POST") == true)
    }

    @Test func unsupportedMediaTypeButFormAndMissingTypesCarryJSON() throws {
        let h = try APITestClient()
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
        let h = try APITestClient()
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

    @Test func drainingReadyzIs503() throws {
        let h = try APITestClient()
        #expect(try h.get("/readyz").status == 200)
        h.service.readiness.startDraining()
        try expectProblem(try h.get("/readyz"), 503)
        // liveness is unaffected: the process still runs
        #expect(try h.get("/healthz").status == 200)
    }
}
