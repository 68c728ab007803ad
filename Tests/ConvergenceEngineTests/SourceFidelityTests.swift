import Testing
@testable import ConvergenceEngine

/// What the L2 document (03.1.3-L2, v2.0 of 2025-11-10) says, served as it says it. Expected
/// values are the document's own words and figures; test names cite its sections.
@Suite struct SourceFidelityTests {
    @Test("§一 / §五 4.1: L2 is a duopoly, two schemes coexist (双寡头竞争，两种方案并存)")
    func l2MarketStructure() throws {
        let structure = try engine.level(id: "L2").marketStructure
        #expect(structure.hasPrefix("Duopoly: two schemes coexist"))
        #expect(!structure.contains("three"))
    }

    @Test("§九 and the footer: the document's version v2.0, date 2025-11-10 and references")
    func documentBlock() throws {
        let document = try #require(engine.errata.documents.first { $0.id == "03.1.3-L2" })
        #expect(document.version == "v2.0")
        #expect(document.updated == "2025-11-10")
        #expect(document.maintainer == "FormalAI项目组")
        #expect(document.title == "03.1.3-L2: 收敛进行时（双寡头竞争）")
        // §九: four internal documents, two papers and three lines of 2025 research, three technical documents.
        #expect(document.references.map(\.kind) == Array(repeating: "internal", count: 4)
            + Array(repeating: "academic", count: 5) + Array(repeating: "technical", count: 3))
        #expect(document.references.contains { $0.text.hasPrefix("Shazeer, N., et al. (2017)") && $0.note == "MoE架构的原始论文。" })
        #expect(document.references.contains { $0.text.hasPrefix("Lewis, P., et al. (2020)") && $0.note == "RAG的原始论文。" })
    }

    @Test("§四 3.1 / 3.2: each catalog entry names its document, section, version and date", arguments: [
        ("moe-vs-dense", "§四、代表技术 › 3.1 MoE vs Dense"),
        ("long-context-vs-rag", "§四、代表技术 › 3.2 长上下文（128K+）vs RAG"),
    ])
    func provenance(id: String, section: String) throws {
        let t = try engine.technology(id: id)
        let source = try #require(t.source)
        #expect(source.document == "03.1.3-L2")
        #expect(source.section == section)
        #expect(source.version == "v2.0")
        #expect(source.updated == "2025-11-10")
        #expect(t.summary.source == source)
        #expect(try engine.comparison(id: id).source == source)
        #expect(t.tables.allSatisfy { $0.source?.document == "03.1.3-L2" })
    }

    @Test("§八: an entry from a document the catalog has not seen says so (version null)")
    func unseenDocument() throws {
        let source = try #require(try engine.technology(id: "rlhf").source)
        #expect(source.document == "03.1.2-L3")
        #expect(source.title == "03.1.2-L3: 准收敛（事实垄断）")
        #expect(source.version == nil)
        #expect(try engine.technology(id: "adamw").source?.note == "series document of level L4")
    }

    @Test("§三 3.2: MoE efficiency theorem, premise 专家选择正确, typical E = 8–128 and k = 1–2")
    func moeTheorem() throws {
        let theorem = try #require(try engine.technology(id: "moe-vs-dense").theorem)
        #expect(theorem.sourceTitle == "MoE架构效率定理")
        #expect(theorem.statement.hasPrefix("Performance(MoE) ≈ Performance(Dense) ∧ Cost(MoE) < Cost(Dense)"))
        #expect(theorem.sourcePremise == "在专家选择正确的前提下，MoE性能接近Dense模型。")
        #expect(theorem.typical.map { [$0.min, $0.max] } == [[8, 128], [1, 2]])
        let cost = try engine.moeCost(experts: 8, active: 2)
        #expect(cost.ratio == 0.25)
        #expect(cost.premise == theorem.premise)
        #expect(cost.theorem == theorem)
        #expect(cost.outsideTypical == [])
    }

    @Test("§四 3.1: inputs outside E = 8–128 or k = 1–2 are flagged", arguments: [
        (8.0, 1.0, [String]()), (128, 2, []), (7, 1, ["experts"]), (129, 2, ["experts"]), (64, 3, ["active"]),
        (4, 4, ["experts", "active"]),
    ])
    func outsideTypical(experts: Double, active: Double, flagged: [String]) throws {
        #expect(try engine.moeCost(experts: experts, active: active).outsideTypical == flagged)
        #expect(try engine.moeCost(totalParams: 1e12, activeParams: 2e10).outsideTypical == [])
    }

    @Test("§四 4.1 收敛状态: the 2025 status column as the document has it")
    func statusTable() throws {
        let table = try engine.table(id: "l2-status")
        #expect(table.kind == .levelStatus)
        #expect(table.sourceTitle == "收敛进行时状态")
        #expect(table.sourceColumns == ["维度", "特征", "2025 状态"])
        #expect(table.rows.map(\.sourceDimension) == ["采用率", "研究投入", "争议度", "确定性", "收敛度"])
        #expect(table.rows.map { $0.sourceValues?.last } == ["两种方案各占 50-70%", "研究投入高", "争议度中等", "基本确定，但存在争议", "收敛进行时"])
        #expect(table.rows.map { $0.sourceValues?.first } == ["50-70%", "高", "中", "★★★☆☆", "60%"])
        #expect(table.source?.section == "§四、收敛进行时定义 › 4.1 收敛状态")
    }

    @Test("§四 4.1: 'each of two schemes holds 50–70%' is an erratum, and so is Dense's 40%")
    func shareClaimErrata() throws {
        let claims = engine.errata.claims
        // Two shares each ≥ 0.5 sum to ≥ 1.0: only an exact 50/50 split satisfies the claim.
        let claim = try #require(claims.first { $0.kind == .shareClaim })
        #expect(claim.subject == "L2")
        #expect(claim.value == 1)
        #expect([claim.min, claim.max] == [0.5, 0.7])
        // §四 3.1: MoE 60% / Dense 40%; 3.2: long context 50% / RAG 50% (inside the claim).
        let outside = claims.filter { $0.kind == .shareOutsideClaim }
        #expect(outside.map(\.subject) == ["moe-vs-dense"])
        #expect(outside.map(\.value) == [0.4])
        #expect(outside.first?.detail.contains("Dense holds 40%") == true)
    }

    @Test("§四 3.2 长上下文的理论挑战: remedies keep their reasons; 计算复杂性问题 is computational complexity")
    func remediesAndTitles() throws {
        let rag = try engine.technology(id: "long-context-vs-rag")
        let cost = rag.challenges[0]
        #expect(cost.remedies.map(\.sourceText) == ["FlashAttention-3：显存优化，支持128K+上下文",
                                                     "线性注意力：O(N)复杂度，支持超长上下文",
                                                     "GQA（Grouped Query Attention）：降低KV缓存显存占用"])
        #expect(cost.remedies.map(\.reason) == ["memory optimisation, supports 128K+ contexts",
                                                 "O(N) complexity, supports very long contexts", "reduces KV-cache memory"])
        #expect(rag.challenges[1].sourceTitle == "计算复杂性问题")
        #expect(rag.challenges[1].title == "Computational complexity")
        let moe = try engine.technology(id: "moe-vs-dense")
        #expect(moe.challenges[1].remedies.first?.sourceText == "Switch Transformer：简化路由机制")
        #expect(moe.challenges[1].remedies.first?.reason == "simplifies the routing mechanism")
    }

    @Test("§四 3.1 / 3.2 竞争态势的定量分析: titles and headers keep (128K+), (检索增强生成) and 定量分析")
    func overviewHeaders() throws {
        let rag = try engine.table(id: "long-context-vs-rag-overview")
        #expect(rag.sourceColumns == ["维度", "长上下文（128K+）", "RAG（检索增强生成）", "2025状态"])
        #expect(rag.columns == ["Dimension", "Long context (128K+)", "RAG (retrieval-augmented generation)", "2025 status"])
        #expect(rag.title.contains("(128K+)") && rag.title.contains("quantitative analysis"))
        #expect(rag.sourceTitle == "竞争态势的定量分析")
        let moe = try engine.table(id: "moe-vs-dense-overview")
        #expect(moe.title == "MoE vs Dense: quantitative analysis of the competitive situation")
        #expect(moe.rows.map { $0.sourceValues?.last } == ["双寡头竞争", "未分胜负", "竞争激烈", "收敛进行时"])
    }

    @Test("§四 3.1 MoE vs Dense 的定量对比: the CSV in the document's words")
    func sourceCSV() throws {
        let csv = try #require(CSV.parse(try engine.table(id: "moe-vs-dense").sourceCSV))
        #expect(csv[0] == ["指标", "MoE", "Dense", "优势方"])
        #expect(csv[1] == ["参数量", "1T+（总参数）", "70B-405B", "MoE"])
        #expect(csv[5] == ["训练稳定性", "中（动态路由不稳定）", "高（稳定）", "Dense"])
        let l3 = try #require(CSV.parse(try engine.table(id: "l2-vs-l3").sourceCSV))
        #expect(l3[0] == ["维度", "L2: 收敛进行时", "L3: 准收敛"])
        #expect(l3[1] == ["采用率", "50-70%", "90%+"])
    }

    @Test("§四 3.2: a 50/50 market (long context 50%, RAG 50%) has no leader")
    func tieHasNoLeader() throws {
        let market = try #require(try engine.comparison(id: "long-context-vs-rag").market)
        #expect(market.leader == nil)
        #expect(market.leaderShare == 0.5)
        #expect(market.gap == 0)
        #expect(try engine.comparison(id: "moe-vs-dense").market?.leader == "MoE")
    }

    @Test("§四 3.1: the level objects of scores carry the nominal degree (60%)")
    func nominalDegreeInReferences() throws {
        #expect(try engine.score(ScoreRequest(technology: "moe-vs-dense")).level?.nominalDegree == 0.6)
        #expect(try engine.technology(id: "moe-vs-dense").summary.level.nominalDegree == 0.6)
        #expect(try engine.comparison(id: "moe-vs-dense").level.nominalDegree == 0.6)
    }

    @Test("§四 3.2: context cost attributes only N² and O(N) to the document")
    func contextCostAttribution() throws {
        let model = try engine.contextCost(contextTokens: 131_072, retrievedTokens: 4096, width: 4096).model
        #expect(model.contains("the source: Cost = O(N² × d)"))
        #expect(model.contains("the source says only O(N)"))
        #expect(!model.contains("R²·d (seed)"))
    }

    @Test func defaultModelIsMarked() {
        #expect(engine.models.filter(\.isDefault).map(\.id) == ["formal"])
    }
}
