import Testing
@testable import ConvergenceEngine

/// `POST /classify` takes `{"score":0.68}` or anything `/score` accepts (openapi/openapi.json);
/// members a request does not use are listed under `unused`, never an error (docs/model.md#models).
@Suite struct ClassificationTests {
    @Test func scoreWithUnknownMembersClassifiesTheScore() throws {
        // 0.68 is in L2 (0.6, 0.8] (moe-vs-dense's 0.68, docs/model.md#levels).
        let query = try engine.classify(ScoreRequest(score: 0.68, extraFields: ["_"]))
        #expect(query.level?.id == "L2")
        #expect(query.unused == ["_"])
        let body = try engine.classify(ScoreRequest(score: 0.68, extraFields: ["comment"]))
        #expect(body.level?.id == "L2")
        #expect(body.unused == ["comment"])
        // A bare score with nothing else: no unused list, as before.
        #expect(try engine.classify(ScoreRequest(score: 0.68)).unused == nil)
    }

    @Test func modelWithScoreIsUnused() throws {
        // 0.5 is in L1 (0.3, 0.6].
        let model = try engine.classify(ScoreRequest(model: .id("formal"), score: 0.5))
        #expect(model.level?.id == "L1")
        #expect(model.unused == ["model"])
        let weights = try engine.classify(ScoreRequest(model: .weights(["adoption": 1]), score: 0.5))
        #expect(weights.unused == ["weights"])
    }

    @Test func scoreWithIndicatorsSaysSo() throws {
        let both = ScoreRequest(indicators: IndicatorValues(points: [.adoption: 0.6]), score: 0.5)
        do {
            _ = try engine.classify(both)
            Issue.record("score with indicators must be rejected")
        } catch {
            #expect(error.problems.map(\.pointer) == ["/score"])
            #expect(error.summary.contains("score") && error.summary.contains("adoption"), "\(error.summary)")
        }
        let technology = problemPointers { _ = try engine.classify(ScoreRequest(technology: "rlhf", score: 0.5)) }
        #expect(technology == ["/score"])
        // The score's own problems are still reported.
        #expect(problemPointers { _ = try engine.classify(ScoreRequest(score: 1.5, extraFields: ["_"])) } == ["/score"])
    }
}
