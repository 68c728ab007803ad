@testable import ConvergenceAPI
import ConvergenceAPITesting
import Foundation
import HTTPServer
import Testing

/// The largest and worst-shaped bodies the limits allow (docs/limits.md): lists longer than
/// `limits.batchItems` are a 413 before any entry is read, and no problem document exceeds
/// 64 KiB or lists more than 100 errors, however many problems the request has (in process).
@Suite struct HostileBodiesTests {
    static let maximumProblemBytes = 64 * 1024

    /// A problem document, checked against the bounds: at most 100 `errors` and 64 KiB, and
    /// `moreErrors` counting exactly the problems not listed.
    func boundedProblem(_ r: APIResponse, status: Int, total: Int,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(r.status == status, "\(r.bodyText.prefix(300))", sourceLocation: sourceLocation)
        #expect(r.headers["Content-Type"] == "application/problem+json", sourceLocation: sourceLocation)
        #expect(r.body.count <= Self.maximumProblemBytes, "\(r.body.count) bytes", sourceLocation: sourceLocation)
        let o = try object(r)
        let errors = o["errors"] as? [[String: Any]] ?? []
        #expect(errors.count <= 100, sourceLocation: sourceLocation)
        let more = (o["moreErrors"] as? Int) ?? 0
        #expect(errors.count + more == total, "\(errors.count) + \(more)", sourceLocation: sourceLocation)
        return o
    }

    static func list(_ item: String, _ count: Int) -> String {
        Array(repeating: item, count: count).joined(separator: ",")
    }

    /// The parser stops at the first entry past the limit, so the 413 names where, and the
    /// limit, but not how many there were.
    @Test func listsLongerThanTheLimitAre413() throws {
        let h = try APITestClient()
        let members = (0..<1001).map { "\"w\($0)\":0" }.joined(separator: ",")
        for (path, body, pointer) in [
            ("/score", "[" + Self.list("{}", 1001) + "]", ""),
            ("/score", "[" + Self.list("{}", 349_000) + "]", ""),
            ("/classify", "[" + Self.list("{}", 1001) + "]", ""),
            ("/compare", #"{"approaches":["# + Self.list("{}", 4000) + "]}", "/approaches"),
            ("/compare", #"{"items":["# + Self.list("{}", 1001) + "]}", "/items"),
            ("/compare", #"{"items":[{},{"weights":{"# + members + "}}]}", "/items/1/weights"),
            ("/calculators/load-imbalance", #"{"loads":["# + Self.list("0.1", 1001) + "]}", "/loads"),
            ("/score", "{" + members + "}", ""),
        ] {
            let r = try h.post(path, body)
            let o = try boundedProblem(r, status: 413, total: 1)
            #expect(o["type"] as? String == APIProblem.typeBase + "too-many-items", "\(path)")
            #expect(o["limit"] as? Int == 1000 && o["count"] == nil, "\(path)")
            #expect(try pointers(r) == [pointer], "\(path)")
        }
        // Many lists, each within the limit: 64 values per entry of the limit, for the body.
        let tiles = "[" + Self.list("[" + Self.list("{}", 1000) + "]", 349) + "]"
        let whole = try boundedProblem(try h.post("/score", tiles), status: 413, total: 1)
        #expect(whole["limit"] as? Int == 64_000)
        // A query string is read whole, so its 413 says how many.
        let query = try h.get("/calculators/load-imbalance?loads=" + Array(repeating: "0.1", count: 1001).joined(separator: ","))
        let o = try boundedProblem(query, status: 413, total: 1)
        #expect(o["limit"] as? Int == 1000 && o["count"] as? Int == 1001)
        #expect(try pointers(query) == ["/loads"])
        // At the limit the batch is served.
        let ok = try h.post("/score", "[" + Self.list(#"{"technology":"rlhf"}"#, 1000) + "]")
        #expect(ok.status == 200)
        #expect(try array(ok).count == 1000)
    }

    @Test func theLimitIsASetting() throws {
        var settings = ServiceSettings()
        settings.maxBatchItems = 3
        let h = try APITestClient(settings: settings)
        #expect(try h.post("/score", "[" + Self.list(#"{"technology":"rlhf"}"#, 3) + "]").status == 200)
        let o = try boundedProblem(try h.post("/score", "[" + Self.list(#"{"technology":"rlhf"}"#, 4) + "]"), status: 413, total: 1)
        #expect(o["limit"] as? Int == 3)
    }

    /// 1,000 empty requests miss the default (formal) model's three indicators each.
    @Test func problemListsAreCapped() throws {
        let h = try APITestClient()
        let batch = try boundedProblem(try h.post("/score", "[" + Self.list("{}", 1000) + "]"), status: 422, total: 3000)
        #expect((batch["errors"] as? [Any])?.count == 100)
        #expect(batch["moreErrors"] as? Int == 2900)
        #expect((batch["detail"] as? String)?.hasSuffix("(and 2999 more problems)") == true)
        // Each approach: no name (the empty name is not reported again) and a share out of range.
        let shares = try boundedProblem(try h.post("/compare", #"{"approaches":["# + Self.list(#"{"share":2}"#, 1000) + "]}"),
                                        status: 422, total: 2000)
        #expect(shares["moreErrors"] as? Int == 1900)
        let items = try boundedProblem(try h.post("/compare", #"{"items":["# + Self.list("{}", 1000) + "]}"), status: 422, total: 3000)
        #expect(items["moreErrors"] as? Int == 2900)
        // Below the cap nothing is left out and there is no moreErrors member.
        let few = try boundedProblem(try h.post("/score", "[{},{}]"), status: 422, total: 6)
        #expect(few["moreErrors"] == nil)
    }

    /// Problems that echo the request (long names, long ids full of characters JSON must
    /// escape six-fold) still fit: echoed strings are cut and errors past the budget counted.
    @Test func echoedInputCannotInflateAProblem() throws {
        let h = try APITestClient()
        let longName = String(repeating: "w", count: 5000)
        let weights = (0..<200).map { "\"\(longName)\($0)\":0.005" }.joined(separator: ",")
        let w = try boundedProblem(try h.post("/score", #"{"weights":{"# + weights + "}}"), status: 422, total: 200)
        let first = try #require((w["errors"] as? [[String: Any]])?.first?["pointer"] as? String)
        #expect(first.hasPrefix("/weights/www") && first.hasSuffix("…") && first.utf8.count <= 256)

        let control = String(repeating: #"\u0001"#, count: 300)
        let ids = try boundedProblem(try h.post("/score", "[" + Self.list(#"{"technology":""# + control + #""}"#, 500) + "]"),
                                     status: 422, total: 500)
        #expect(((ids["errors"] as? [Any])?.count ?? 0) < 100)

        let key = String(repeating: "k", count: 400_000)
        let duplicate = try h.post("/score", #"{""# + key + #"":1,""# + key + #"":2}"#)
        _ = try boundedProblem(duplicate, status: 400, total: 0)
        #expect(duplicate.body.count < 2048)
    }
}
