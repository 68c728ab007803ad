import Testing
@testable import ConvergenceEngine

@Suite struct CatalogTests {
    /// Computed degree and level per technology (docs/model.md#catalog) (edge-vs-cloud computes 0.37 → L1).
    @Test(arguments: [
        ("attention", 0.98, "L4", "L4"),
        ("pretrain-finetune", 0.984, "L4", "L4"),
        ("adamw", 0.9945, "L4", "L4"),
        ("decoder-only", 0.89, "L3", "L3"),
        ("rlhf", 0.8675, "L3", "L3"),
        ("tokenization", 0.89, "L3", "L3"),
        ("moe-vs-dense", 0.68, "L2", "L2"),
        ("long-context-vs-rag", 0.65, "L2", "L2"),
        ("reasoning", 0.49, "L1", "L1"),
        ("multimodal", 0.475, "L1", "L1"),
        ("edge-vs-cloud", 0.37, "L1", "L0"),
        ("code-vs-general", 0.27, "L0", "L0"),
    ])
    func computedDegreeAndLevel(id: String, score: Double, level: String, sourceLevel: String) throws {
        let t = try engine.technology(id: id)
        #expect(t.score == score)
        #expect(t.level.id == level)
        #expect(t.sourceLevel == sourceLevel)
        #expect(try engine.score(ScoreRequest(technology: id)).score == score)
    }

    @Test func twelveTechnologies() throws {
        #expect(engine.technologies.count == 12)
        #expect(try engine.technologySummaries(level: "L1").map(\.id) == ["reasoning", "multimodal", "edge-vs-cloud"])
        #expect(try engine.technologySummaries(sourceLevel: "L0").map(\.id) == ["edge-vs-cloud", "code-vs-general"])
        #expect(try engine.technologySummaries(level: "L1", sourceLevel: "L0").map(\.id) == ["edge-vs-cloud"])
        #expect(throws: NotFoundError(kind: .level, id: "L7")) { try engine.technologySummaries(level: "L7") }
        #expect(throws: NotFoundError(kind: .technology, id: "nope")) { try engine.technology(id: "nope") }
    }

    @Test func claimedDegrees() throws {
        let claimed = Dictionary(uniqueKeysWithValues: engine.technologies.map { ($0.id, $0.claimed) })
        #expect(claimed["moe-vs-dense"] == 0.685)
        #expect(claimed["long-context-vs-rag"] == 0.635)
        #expect(claimed["adamw"] == 0.992)
        #expect(claimed["edge-vs-cloud"] == 0.35)
    }

    @Test func trends() throws {
        // MoE 0.50 (2025-Q3) → 0.60 (2025-Q4) → 0.75 (2026-Q2): rising well above +0.02/year.
        let moe = try #require(try engine.technology(id: "moe-vs-dense").trend)
        #expect(moe.direction == .converging)
        #expect(moe.points == 3)
        #expect(try engine.technology(id: "reasoning").trend?.direction == .converging)
        #expect(try engine.technology(id: "multimodal").trend?.direction == .converging)
        #expect(try engine.technology(id: "long-context-vs-rag").trend == nil)
    }

    @Test func trendRules() {
        func points(_ pairs: [(String, Double)]) -> [HistoryPoint] {
            pairs.map { HistoryPoint(date: $0.0, degree: $0.1, kind: .observed, note: nil) }
        }
        #expect(Trend.fit(points([("2025", 0.5)])) == nil)
        #expect(Trend.fit(points([("2025", 0.5), ("2025", 0.6)])) == nil)
        // Slope per year: 0.1 over two years = 0.05.
        #expect(Trend.fit(points([("2024", 0.4), ("2026", 0.5)])) == Trend(direction: .converging, slopePerYear: 0.05, points: 2))
        #expect(Trend.fit(points([("2024", 0.5), ("2026", 0.4)]))?.direction == .diverging)
        #expect(Trend.fit(points([("2024", 0.5), ("2026", 0.53)]))?.direction == .stable)
        #expect(Trend.fit(points([("2024-Q1", 0.5), ("2024-Q3", 0.4)]))?.slopePerYear == -0.2)
    }

    @Test func challengesOfTheSource() throws {
        let moe = try engine.technology(id: "moe-vs-dense")
        #expect(moe.challenges.count == 2)
        #expect(moe.challenges[0].formula == "LoadImbalance = max_i Load(e_i) - min_i Load(e_i)")
        #expect(moe.challenges[0].remedies.map(\.name) == ["load-balancing loss", "auxiliary loss", "top-k routing"])
        #expect(moe.challenges[1].remedies.map(\.name) == ["Switch Transformer", "GShard", "training-strategy optimisation"])
        let rag = try engine.technology(id: "long-context-vs-rag")
        #expect(rag.challenges.map(\.approach) == ["long-context", "long-context", "rag", "rag"])
        #expect(moe.approaches.map(\.researchShare) == [0.6, 0.4])
        #expect(rag.approaches.map(\.researchShare) == [0.5, 0.5])
    }

    @Test func technologiesCarryTheirTables() throws {
        let moe = try engine.technology(id: "moe-vs-dense")
        #expect(moe.tables.map(\.id) == ["moe-vs-dense", "moe-vs-dense-overview"])
        #expect(moe.tables.map(\.kind) == [.comparison, .overview])
        #expect(moe.tables.first?.rows.count == 7)
        #expect(try engine.technology(id: "rlhf").tables == [])
        #expect(moe.erratum?.computed == 0.68)
    }

    @Test func comparisons() throws {
        #expect(engine.comparisons.map(\.id) == ["attention", "decoder-only", "moe-vs-dense", "long-context-vs-rag",
                                                 "reasoning", "multimodal", "edge-vs-cloud", "code-vs-general"])
        let moe = try engine.comparison(id: "moe-vs-dense")
        #expect(moe.approaches.map(\.name) == ["MoE", "Dense"])
        #expect(moe.market?.hhi == 5200)
        #expect(moe.table?.tally?.advantages(of: "moe") == 5)
        #expect(moe.overview?.id == "moe-vs-dense-overview")
        #expect(moe.score == 0.68)
        #expect(moe.level.id == "L2")
        #expect(moe.erratum?.claimed == 0.685)
        #expect(moe.erratum?.computed == 0.68)
        #expect(try engine.comparison(id: "reasoning").erratum == nil)
        #expect(throws: NotFoundError(kind: .comparison, id: "rlhf")) { try engine.comparison(id: "rlhf") }
    }

    @Test func errataArithmetic() {
        let wrong = engine.errata.arithmetic.map { ($0.technology, $0.claimed, $0.computed) }
        let expected: [(String, Double, Double)] = [
            ("adamw", 0.992, 0.9945), ("decoder-only", 0.885, 0.89), ("rlhf", 0.865, 0.8675),
            ("tokenization", 0.885, 0.89), ("moe-vs-dense", 0.685, 0.68), ("long-context-vs-rag", 0.635, 0.65),
            ("edge-vs-cloud", 0.35, 0.37),
        ]
        #expect(wrong.count == expected.count)
        for (a, b) in zip(wrong, expected) {
            #expect(a.0 == b.0)
            #expect(a.1 == b.1)
            #expect(a.2 == b.2)
        }
        #expect(engine.errata.examples.count == 12)
        #expect(engine.errata.examples.first { $0.technology == "moe-vs-dense" }?.difference == -0.005)
        #expect(engine.errata.examples.first { $0.technology == "rlhf" }?.difference == 0.0025)
    }

    @Test func errataLevels() {
        let levels = engine.errata.levels
        #expect(levels.contains { $0.kind == .computedDegree && $0.subject == "edge-vs-cloud" && $0.value == 0.37
            && $0.statedLevel == "L0" && $0.thresholdLevel == "L1" })
        // The nominal 60% of L2 fails L2's own test 0.60 < C.
        #expect(levels.contains { $0.kind == .nominalDegree && $0.subject == "L2" && $0.thresholdLevel == "L1" })
        // No other technology's computed level disagrees with its source.
        #expect(levels.filter { $0.kind == .computedDegree }.map(\.subject) == ["edge-vs-cloud"])
    }
}
