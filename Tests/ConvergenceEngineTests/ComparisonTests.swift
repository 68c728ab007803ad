import Testing
@testable import ConvergenceEngine

@Suite struct ComparisonTests {
    @Test func rankingLeadersGapAndWinner() throws {
        let result = try engine.compare(items: [
            ScoreRequest(technology: "reasoning"), ScoreRequest(technology: "rlhf"), formal(0.6, 0.7, 0.3),
        ], model: .id("formal"))
        // formal: reasoning 0.16 + 0.15 + 0.15 = 0.46; rlhf 0.36 + 0.255 + 0.255 = 0.87; item 0.66.
        #expect(result.items.map(\.score) == [0.46, 0.87, 0.66])
        #expect(result.items.map(\.model) == ["formal", "formal", "formal"])
        #expect(result.ranking == [1, 2, 0])
        #expect(result.items.map(\.rank) == [3, 1, 2])
        #expect(result.gap == 0.21)
        #expect(result.tie == false)
        #expect(result.moreConverged == "rlhf")
        #expect(result.moreConvergedIndex == 1)
        #expect(result.items.map(\.label) == ["reasoning", "rlhf", "#2"])
        let adoption = try #require(result.leaders.first { $0.indicator == .adoption })
        #expect(adoption.leader == "rlhf")
        #expect(adoption.value == 0.9)
        // Less controversy leads: rlhf 0.15.
        #expect(result.leaders.first { $0.indicator == .controversy }?.leader == "rlhf")
        // Maturity: reasoning 0.6 vs rlhf 0.85 (the plain item has none).
        #expect(result.leaders.first { $0.indicator == .maturity }?.index == 1)
    }

    @Test func gapBelowOneHundredthIsATie() throws {
        let result = try engine.compare(items: [formal(0.6, 0.7, 0.3), formal(0.62, 0.7, 0.3)])
        // 0.66 vs 0.668: gap 0.008 < 0.01.
        #expect(result.gap == 0.008)
        #expect(result.tie)
        #expect(result.moreConverged == "tie")
        #expect(result.moreConvergedIndex == nil)
        #expect(result.leaders.first { $0.indicator == .standardization }?.leader == "tie")
    }

    @Test func itemProblemsArePointedAt() {
        let error = #expect(throws: ValidationError.self) {
            try engine.compare(items: [formal(0.6, 0.7, 0.3), formal(0.6, 7, 0.3), ScoreRequest(technology: "nope"),
                                       ScoreRequest(indicators: IndicatorValues([.adoption: .range(0.1, 0.2), .standardization: .point(0.5), .controversy: .point(0.5)]))])
        }
        #expect(error?.problems.map(\.pointer) == ["/items/1/standardization", "/items/2/technology", "/items/3"])
        let few = #expect(throws: ValidationError.self) { try engine.compare(items: [formal(0.6, 0.7, 0.3)]) }
        #expect(few?.problems.map(\.pointer) == ["/items"])
    }

    @Test func compareItemsMergesCallerProblems() {
        let shape: [ValidationError.Problem] = [.init(pointer: "/items/0", detail: "must be an object")]
        let items = [ScoreRequest(),
                     ScoreRequest(indicators: IndicatorValues(points: [.adoption: 1.5, .standardization: 0.5, .controversy: 0.5]))]
        #expect(problemPointers { _ = try engine.compare(items: items, inputProblems: shape) } == ["/items/0", "/items/1/adoption"])
    }
}
