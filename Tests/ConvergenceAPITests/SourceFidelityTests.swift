import ConvergenceAPITesting
import Foundation
import Testing

/// The L2 document's wording and provenance, in process (expected values are the
/// document's; test names cite its sections).
@Suite struct SourceFidelityTests {
    let h: APITestClient
    init() throws { h = try APITestClient() }

    @Test("§四 3.1 MoE vs Dense 的定量对比: ?lang=zh serves the CSV in the document's words")
    func sourceCSV() throws {
        let r = try h.get("/tables/moe-vs-dense?format=csv&lang=zh")
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"]?.hasPrefix("text/csv") == true)
        #expect(r.bodyText.hasPrefix("指标,MoE,Dense,优势方\r\n参数量,1T+（总参数）,70B-405B,MoE\r\n"))
        let english = try h.get("/tables/moe-vs-dense?format=csv&lang=en")
        #expect(english.bodyText.hasPrefix("Dimension,MoE,Dense,Advantage\r\n"))
        let bad = try h.get("/tables/moe-vs-dense?format=csv&lang=fr")
        #expect(bad.status == 422)
        #expect(bad.bodyText.contains("/lang"))
    }

    @Test("§四 4.1 收敛状态: the status table and its 2025 column")
    func statusTable() throws {
        let r = try h.get("/tables/l2-status?format=csv&lang=zh")
        #expect(r.status == 200)
        #expect(r.bodyText.hasPrefix("维度,特征,2025 状态\r\n采用率,50-70%,两种方案各占 50-70%\r\n"))
        #expect(r.bodyText.contains("确定性,★★★☆☆,基本确定，但存在争议\r\n"))
    }

    @Test("footer 2025-11-10 v2.0: /technologies and /errata serve the provenance")
    func provenance() throws {
        let list = try array(try h.get("/technologies?level=L2"))
        let source = try #require(list.first?["source"] as? [String: Any])
        #expect(source["version"] as? String == "v2.0")
        #expect(source["updated"] as? String == "2025-11-10")
        #expect(source["section"] as? String == "§四、代表技术 › 3.1 MoE vs Dense")
        let errata = try object(try h.get("/errata"))
        let documents = try #require(errata["documents"] as? [[String: Any]])
        #expect(documents.first?["version"] as? String == "v2.0")
        let claims = try #require(errata["claims"] as? [[String: Any]])
        #expect(claims.map { $0["kind"] as? String } == ["share-claim", "share-outside-claim"])
    }

    @Test("§三 3.2 and §四 3.1: moe-cost states the premise and flags E outside 8–128")
    func moeCostPremise() throws {
        let o = try object(try h.get("/calculators/moe-cost?experts=256&active=2"))
        // k/E = 2/256 = 0.0078125, a tie that half-to-even rounds to 0.007812.
        #expect(o["ratio"] as? Double == 0.007812)
        #expect((o["premise"] as? String)?.hasPrefix("the experts are chosen correctly") == true)
        #expect(o["outsideTypical"] as? [String] == ["experts"])
        #expect((o["theorem"] as? [String: Any])?["sourceTitle"] as? String == "MoE架构效率定理")
    }

    @Test("§四 3.2: the 50/50 market of long context vs RAG has a null leader; /models marks the default")
    func tieAndDefault() throws {
        let market = try #require(try object(try h.get("/compare/long-context-vs-rag"))["market"] as? [String: Any])
        #expect(market["leader"] is NSNull)
        let models = try array(try h.get("/models"))
        #expect(models.filter { $0["default"] as? Bool == true }.map { $0["id"] as? String } == ["formal"])
        let level = try #require(try object(try h.get("/score?technology=moe-vs-dense"))["level"] as? [String: Any])
        #expect(level["nominalDegree"] as? Double == 0.6)
    }
}
