import Testing
@testable import ConvergenceEngine

@Suite struct MarketTests {
    @Test func sixtyFortyIsAnUndecidedDuopolyWithHHI5200() throws {
        let m = try engine.analyzeMarket([ApproachShare(name: "MoE", share: 0.6), ApproachShare(name: "Dense", share: 0.4)])
        #expect(m.leader == "MoE")
        #expect(m.leaderShare == 0.6)
        #expect(m.gap == 0.2)
        #expect(m.cr2 == 1)
        #expect(m.hhi == 5200)
        #expect(m.structure == .duopoly)
        #expect(m.verdict == .undecided)
        #expect(m.winner == nil)
    }

    @Test func fiftyFiftyHasHHI5000() throws {
        let m = try engine.analyzeMarket([ApproachShare(name: "A", share: 0.5), ApproachShare(name: "B", share: 0.5)])
        #expect(m.hhi == 5000)
        #expect(m.gap == 0)
        #expect(m.leader == nil)  // a tie has no leader
        #expect(m.leaderShare == 0.5)
        #expect(m.structure == .duopoly)
        #expect(m.verdict == .undecided)
    }

    @Test(arguments: [
        ([0.95, 0.05], MarketStructure.singleStandard, Verdict.decided),
        ([0.9, 0.05], .monopoly, .decided),
        ([0.6, 0.2], .duopoly, .undecided),
        ([0.7, 0.3], .duopoly, .decided),
        ([0.4, 0.3, 0.3], .fragmented, .undecided),
        ([0.6, 0.1, 0.1], .dominant, .undecided),
        ([0.75, 0.1], .dominant, .decided),
        ([0.85, 0.1], .dominant, .decided),
    ])
    func rules(shares: [Double], structure: MarketStructure, verdict: Verdict) throws {
        let m = try engine.analyzeMarket(shares.enumerated().map { ApproachShare(name: "a\($0)", share: $1) })
        #expect(m.structure == structure)
        #expect(m.verdict == verdict)
        #expect((m.winner != nil) == (verdict == .decided))
    }

    @Test func catalogStructuresAndVerdicts() throws {
        let expected: [String: (MarketStructure, Verdict, String?)] = [
            "attention": (.singleStandard, .decided, "Standard attention"),
            "adamw": (.singleStandard, .decided, "AdamW"),
            "decoder-only": (.monopoly, .decided, "Decoder-only"),
            "moe-vs-dense": (.duopoly, .undecided, nil),
            "long-context-vs-rag": (.duopoly, .undecided, nil),
            "reasoning": (.fragmented, .undecided, nil),
            "multimodal": (.fragmented, .undecided, nil),
            "edge-vs-cloud": (.duopoly, .undecided, nil),
            "code-vs-general": (.duopoly, .decided, "General models"),
        ]
        for (id, (structure, verdict, winner)) in expected {
            let market = try #require(try engine.technology(id: id).market, "\(id)")
            #expect(market.structure == structure, "\(id)")
            #expect(market.verdict == verdict, "\(id)")
            #expect(market.winner == winner, "\(id)")
        }
        #expect(try engine.technology(id: "rlhf").market == nil)
        #expect(try engine.technology(id: "pretrain-finetune").market == nil)
        #expect(try engine.technology(id: "edge-vs-cloud").market?.leader == "Cloud")
    }

    @Test func badSharesAreErrors() {
        let over = #expect(throws: ValidationError.self) {
            try engine.analyzeMarket([ApproachShare(name: "A", share: 0.7), ApproachShare(name: "B", share: 0.4)])
        }
        #expect(over?.problems == [.init(pointer: "/approaches", detail: "shares must sum to at most 1, got 1.1")])

        let out = #expect(throws: ValidationError.self) {
            try engine.analyzeMarket([ApproachShare(name: "A", share: 1.5), ApproachShare(name: "", share: .nan)])
        }
        #expect(out?.problems.map(\.pointer) == ["/approaches/0/share", "/approaches/1/name", "/approaches/1/share"])

        let none = #expect(throws: ValidationError.self) { try engine.analyzeMarket([]) }
        #expect(none?.problems.map(\.pointer) == ["/approaches"])
    }

    @Test func sumWithinToleranceIsAccepted() throws {
        let m = try engine.analyzeMarket([ApproachShare(name: "A", share: 0.7), ApproachShare(name: "B", share: 0.3 + 5e-10)])
        #expect(m.other == 0)
    }

    @Test func analyzeMarketMergesCallerProblems() {
        // What the service does: its own shape problems plus placeholders at the broken indices.
        let shape: [ValidationError.Problem] = [.init(pointer: "/approaches/1/name", detail: "is required", code: .missing)]
        let shares = [ApproachShare(name: "A", share: 1.2), ApproachShare(name: "", share: 0.1)]
        let found = problemPointers { _ = try engine.analyzeMarket(shares, inputProblems: shape) }
        // The placeholder's empty name is not reported a second time.
        #expect(found == ["/approaches/1/name", "/approaches/0/share"])
        // Shape problems alone still fail, even when the engine finds nothing.
        let ok = [ApproachShare(name: "A", share: 0.5), ApproachShare(name: "", share: 0)]
        #expect(problemPointers { _ = try engine.analyzeMarket(ok, inputProblems: shape) } == ["/approaches/1/name"])
        #expect((try? engine.analyzeMarket([ApproachShare(name: "A", share: 0.6)], inputProblems: []))?.leader == "A")
    }
}
