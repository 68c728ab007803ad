import ConvergenceAPITesting
import Foundation
import Testing

/// Every route, in process (the subject is the API); expected figures are worked out from
/// docs/model.md, not copied from output.
@Suite struct RoutesTests {
    let h: APITestClient
    init() throws { h = try APITestClient() }

    func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }

    @Test func scorePointExtended() throws {
        // 0.3·0.6 + 0.3·0.7 + 0.2·(1 − 0.3) + 0.2·0.75 = 0.68 → L2 (0.60, 0.80]
        let r = try h.post("/score", #"{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"model":"extended"}"#)
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"] == "application/json")
        let o = try object(r)
        #expect(close(number(o["score"]), 0.68))
        #expect(o["model"] as? String == "extended")
        #expect((o["level"] as? [String: Any])?["id"] as? String == "L2")
        #expect((o["level"] as? [String: Any])?["sourceName"] as? String == "收敛进行时（双寡头竞争）")
        let terms = try #require(o["terms"] as? [[String: Any]])
        #expect(terms.count == 4)
        let controversy = try #require(terms.first { $0["indicator"] as? String == "controversy" })
        #expect(controversy["inverted"] as? Bool == true)
        #expect(close(number(controversy["contribution"]), 0.14))
        #expect((o["unused"] as? [Any])?.isEmpty == true)
    }

    @Test func scoreFormalDefaultAndBoundary() throws {
        // formal (0.6, 0.7, 0.3) = 0.66, never 0.6599999999999999
        var r = try h.post("/score", #"{"adoption":0.6,"standardization":0.7,"controversy":0.3}"#)
        #expect(r.bodyText.contains(#""score":0.66"#))
        #expect(try object(r)["model"] as? String == "formal")
        // formal (0.6, 0.6, 0.4) = 0.6 exactly, which is L1 (L2 starts strictly above 0.60)
        r = try h.post("/score", #"{"adoption":0.6,"standardization":0.6,"controversy":0.4}"#)
        #expect(r.bodyText.contains(#""score":0.6,"#) || r.bodyText.contains(#""score":0.6}"#))
        #expect((try object(r)["level"] as? [String: Any])?["id"] as? String == "L1")
    }

    @Test func scoreTechnologyRangesWeightsAndUnused() throws {
        var r = try h.post("/score", #"{"technology":"moe-vs-dense"}"#)
        #expect(close(number(try object(r)["score"]), 0.68))
        // formal corners of L2's profile: min 0.4·0.5 + 0.3·0.5 + 0.3·0.5 = 0.5, max 0.28 + 0.24 + 0.24 = 0.76
        r = try h.post("/score", #"{"adoption":[0.5,0.7],"standardization":[0.5,0.8],"controversy":[0.2,0.5]}"#)
        var o = try object(r)
        let range = try #require(o["scoreRange"] as? [String: Any])
        #expect(close(number(range["min"]), 0.5))
        #expect(close(number(range["max"]), 0.76))
        #expect(o["levels"] as? [String] == ["L1", "L2"])
        #expect(o["score"] == nil)
        // inline weights: 0.5·0.6 + 0.3·0.7 + 0.2·(1 − 0.3) = 0.65; research is descriptive only
        r = try h.post("/score", #"{"weights":{"adoption":0.5,"standardization":0.3,"controversy":0.2},"adoption":0.6,"standardization":0.7,"controversy":0.3,"research":0.5}"#)
        o = try object(r)
        #expect(r.status == 200)
        #expect(close(number(o["score"]), 0.65))
        #expect(o["unused"] as? [String] == ["research"])
    }

    @Test func scoreBatchAndGet() throws {
        let r = try h.post("/score", #"[{"technology":"rlhf"},{"adoption":0.6,"standardization":0.7,"controversy":0.3}]"#)
        let items = try array(r)
        #expect(items.count == 2)
        #expect(items[0]["technology"] as? String == "rlhf")
        #expect(close(number(items[1]["score"]), 0.66))
        let g = try h.get("/score?adoption=0.6&standardization=0.7&controversy=0.3&model=formal")
        #expect(g.status == 200)
        #expect(close(number(try object(g)["score"]), 0.66))
        #expect(g.headers["ETag"] != nil)
    }

    @Test func classify() throws {
        var r = try h.post("/classify", #"{"score":0.68}"#)
        var o = try object(r)
        let level = try #require(o["level"] as? [String: Any])
        #expect(level["id"] as? String == "L2")
        #expect(close(number(level["nominalDegree"]), 0.6))
        let margins = try #require(o["margins"] as? [String: Any])
        #expect(close(number(margins["toLower"]), 0.08))
        #expect(close(number(margins["toUpper"]), 0.12))
        #expect(((o["toNext"] as? [String: Any])?["level"] as? [String: Any])?["id"] as? String == "L3")
        #expect(((o["toPrevious"] as? [String: Any])?["level"] as? [String: Any])?["id"] as? String == "L1")
        // L4 has no next level: toNext is null
        r = try h.get("/classify?score=0.99")
        o = try object(r)
        #expect((o["level"] as? [String: Any])?["id"] as? String == "L4")
        #expect(o["toNext"] is NSNull)
        r = try h.get("/classify?score=0.1")
        #expect(try object(r)["toPrevious"] is NSNull)
        // with indicators: profile per indicator and the consistency flag
        r = try h.post("/classify", #"{"technology":"moe-vs-dense"}"#)
        o = try object(r)
        #expect(o["profile"] is [Any])
        #expect(o["profileConsistent"] is Bool)
        let batch = try array(try h.post("/classify", #"[{"technology":"rlhf"},{"technology":"edge-vs-cloud"}]"#))
        // rlhf l3-worked: 0.35·0.9 + 0.35·0.85 + 0.2·0.85 + 0.1·0.85 = 0.8675 → L3; edge vs cloud 0.37 → L1
        #expect(batch.map { ($0["level"] as? [String: Any])?["id"] as? String } == ["L3", "L1"])
    }

    @Test func levelsAndModels() throws {
        let levels = try array(try h.get("/levels"))
        #expect(levels.map { $0["id"] as? String } == ["L0", "L1", "L2", "L3", "L4"])
        let l2 = try object(try h.get("/levels/L2"))
        #expect(l2["name"] as? String == "Converging (duopoly)")
        let interval = try #require(l2["interval"] as? [String: Any])
        #expect(interval["lowerInclusive"] as? Bool == false)
        #expect(interval["upperInclusive"] as? Bool == true)
        let models = try array(try h.get("/models")).compactMap { $0["id"] as? String }
        #expect(Set(models).isSuperset(of: ["formal", "extended", "l3-worked", "attention-worked", "adamw-worked"]))
        let formal = try object(try h.get("/models/formal"))
        let terms = try #require(formal["terms"] as? [[String: Any]])
        #expect(terms.compactMap { number($0["weight"]) }.sorted() == [0.3, 0.3, 0.4])
    }

    @Test func comparisons() throws {
        let list = try array(try h.get("/compare"))
        let moe = try #require(list.first { $0["id"] as? String == "moe-vs-dense" })
        #expect((moe["approaches"] as? [Any])?.count == 2)
        // the catalog's adamw has one approach: not a comparison
        #expect(!list.contains { $0["id"] as? String == "adamw" })
        let one = try object(try h.get("/compare/moe-vs-dense"))
        let market = try #require(one["market"] as? [String: Any])
        // MoE 0.60 / Dense 0.40: duopoly, undecided; HHI 60² + 40² = 5200; gap 0.2
        #expect(market["structure"] as? String == "duopoly")
        #expect(market["verdict"] as? String == "undecided")
        #expect(close(number(market["hhi"]), 5200))
        #expect(close(number(market["gap"]), 0.2))
        #expect(one["table"] is [String: Any])
        // POST shares 0.55 / 0.45: HHI 3025 + 2025 = 5050, gap 0.1
        let shares = try object(try h.post("/compare", #"{"approaches":[{"name":"A","share":0.55},{"name":"B","share":0.45}]}"#))
        #expect(close(number(shares["hhi"]), 5050))
        #expect(close(number(shares["gap"]), 0.1))
        #expect(shares["leader"] as? String == "A")
        // items: rlhf formal 0.87 vs reasoning formal 0.46 → rlhf, gap 0.41
        let items = try object(try h.post("/compare", #"{"items":[{"technology":"rlhf"},{"technology":"reasoning"}],"model":"formal"}"#))
        #expect(items["moreConverged"] as? String == "rlhf")
        #expect(close(number(items["gap"]), 0.41))
        #expect(items["tie"] as? Bool == false)
    }

    @Test func tables() throws {
        let list = try array(try h.get("/tables"))
        #expect(list.contains { $0["id"] as? String == "moe-vs-dense" })
        #expect(list.contains { $0["id"] as? String == "long-context-vs-rag" })
        let table = try object(try h.get("/tables/moe-vs-dense"))
        #expect((table["rows"] as? [Any])?.count == 7)  // seven dimensions in the seed's table
        for request in [try h.get("/tables/moe-vs-dense?format=csv"), try h.get("/tables/moe-vs-dense", headers: [("Accept", "text/csv")])] {
            #expect(request.status == 200)
            #expect(request.headers["Content-Type"]?.hasPrefix("text/csv") == true)
            let lines = request.bodyText.split(separator: "\r\n", omittingEmptySubsequences: true)
            #expect(lines.count == 8)  // header + 7 rows (RFC 4180 CRLF)
        }
        // JSON stays the fallback for anything else
        #expect(try h.get("/tables/moe-vs-dense", headers: [("Accept", "application/xml")]).headers["Content-Type"] == "application/json")
    }

    @Test func technologies() throws {
        let all = try array(try h.get("/technologies"))
        #expect(all.count == 12)
        let l2 = try array(try h.get("/technologies?level=L2")).compactMap { $0["id"] as? String }
        #expect(Set(l2) == ["moe-vs-dense", "long-context-vs-rag"])
        // edge vs cloud: the source says L0, its computed 0.37 is L1
        let source0 = try array(try h.get("/technologies?sourceLevel=L0")).compactMap { $0["id"] as? String }
        #expect(Set(source0) == ["edge-vs-cloud", "code-vs-general"])
        #expect(try array(try h.get("/technologies?level=L1")).contains { $0["id"] as? String == "edge-vs-cloud" })
        let moe = try object(try h.get("/technologies/moe-vs-dense"))
        #expect((moe["history"] as? [Any])?.count == 3)
        #expect((moe["approaches"] as? [Any])?.count == 2)
        let tables = try #require(moe["tables"] as? [[String: Any]])
        #expect(tables.contains { $0["id"] as? String == "moe-vs-dense" && ($0["rows"] as? [Any])?.count == 7 })
    }

    @Test func errata() throws {
        let o = try object(try h.get("/errata"))
        let examples = try #require(o["examples"] as? [[String: Any]])
        let moe = try #require(examples.first { ($0["technology"] as? String) == "moe-vs-dense" })
        #expect(close(number(moe["claimed"]), 0.685))
        #expect(close(number(moe["computed"]), 0.68))
        #expect(r(try h.get("/errata")).contains("edge-vs-cloud"))
    }

    func r(_ response: APIResponse) -> String { response.bodyText }

    @Test func calculators() throws {
        var o = try object(try h.post("/calculators/moe-cost", #"{"experts":8,"active":2}"#))
        #expect(close(number(o["ratio"]), 0.25))
        #expect(close(number(o["saving"]), 0.75))
        o = try object(try h.get("/calculators/moe-cost?experts=8&active=2"))
        #expect(close(number(o["ratio"]), 0.25))
        o = try object(try h.post("/calculators/moe-cost", #"{"totalParams":1000,"activeParams":100}"#))
        #expect(close(number(o["ratio"]), 0.1))
        o = try object(try h.post("/calculators/load-imbalance", #"{"loads":[1,2,3]}"#))
        #expect(close(number(o["imbalance"]), 2))
        o = try object(try h.get("/calculators/load-imbalance?loads=1,2,3"))
        #expect(close(number(o["imbalance"]), 2))
        // N²·d = 131072² · 4096; N·d + R²·d = 131072·4096 + 4096²·4096
        o = try object(try h.post("/calculators/context-cost", #"{"contextTokens":131072,"retrievedTokens":4096,"width":4096}"#))
        #expect(close(number(o["longContext"]), 131072.0 * 131072 * 4096))
        #expect(close(number(o["rag"]), 131072.0 * 4096 + 4096.0 * 4096 * 4096))
        o = try object(try h.get("/calculators/context-cost?contextTokens=131072&retrievedTokens=4096&width=4096"))
        #expect(number(o["ratio"]).map { $0 > 1000 && $0 < 1017 } == true)
    }
}
