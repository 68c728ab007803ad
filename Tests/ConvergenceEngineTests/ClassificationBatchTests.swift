import Testing
@testable import ConvergenceEngine

/// A batch that repeats items (docs/model.md#catalog: moe-vs-dense computes 0.68, L2; rlhf
/// 0.8675, L3): every index gets its own answer, and problems keep their indices.
@Suite struct ClassificationBatchTests {
    @Test func repeatedItemsAreEachAnswered() throws {
        let moe = ScoreRequest(technology: "moe-vs-dense")
        let rlhf = ScoreRequest(technology: "rlhf")
        let results = try engine.classify(batch: [moe, rlhf, moe, moe, rlhf])
        #expect(results.map(\.score) == [0.68, 0.8675, 0.68, 0.68, 0.8675])
        #expect(results.map(\.level?.id) == ["L2", "L3", "L2", "L2", "L3"])
        #expect(results.map(\.technology) == ["moe-vs-dense", "rlhf", "moe-vs-dense", "moe-vs-dense", "rlhf"])
    }

    @Test func repeatedFaultyItemsAreReportedAtEachIndex() {
        let moe = ScoreRequest(technology: "moe-vs-dense")
        let unknown = ScoreRequest(technology: "no-such-technology")
        let error = #expect(throws: ValidationError.self) {
            try engine.classify(batch: [moe, unknown, moe, unknown])
        }
        #expect(error?.problems.map(\.pointer) == ["/1/technology", "/3/technology"])
    }

    /// Items that differ only in an override are two requests, not one.
    @Test func overridesMakeDistinctItems() throws {
        let moe = ScoreRequest(technology: "moe-vs-dense")
        var lower = moe
        lower.indicators[.adoption] = .point(0)
        let results = try engine.classify(batch: [moe, lower, moe])
        #expect(results[0].score == 0.68 && results[2].score == 0.68)
        #expect(results[1].score != 0.68)
    }
}
