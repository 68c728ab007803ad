import Foundation
import Testing
@testable import ConvergenceEngine

/// Building requests from JSON bodies and query strings: shape errors never throw, they become
/// problems the engine reports with pointers.
@Suite struct RequestDecodingTests {
    func decode(_ json: String) throws -> ScoreRequest {
        try JSONDecoder().decode(ScoreRequest.self, from: Data(json.utf8))
    }

    @Test func apiExamples() throws {
        let point = try decode(#"{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"model":"extended"}"#)
        #expect(try engine.score(point).score == 0.68)
        #expect(try engine.score(try decode(#"{"technology":"moe-vs-dense"}"#)).score == 0.68)
        let ranges = try decode(#"{"adoption":[0.5,0.7],"standardization":[0.5,0.8],"controversy":[0.2,0.5]}"#)
        #expect(try engine.score(ranges).levels == ["L1", "L2"])
        let inline = try decode(#"{"weights":{"adoption":0.5,"standardization":0.3,"controversy":0.2},"adoption":0.6,"standardization":0.7,"controversy":0.3}"#)
        #expect(try engine.score(inline).score == 0.65)
        let batch = try JSONDecoder().decode([ScoreRequest].self, from: Data(#"[{"technology":"rlhf"},{"technology":"adamw"}]"#.utf8))
        #expect(try engine.score(batch: batch).map(\.score) == [0.8675, 0.9945])
    }

    @Test func wrongShapesBecomeProblems() throws {
        let request = try decode(#"{"adoption":"high","standardization":[0.1,0.2,0.3],"controversy":1e999,"model":7,"colour":"red"}"#)
        let error = #expect(throws: ValidationError.self) { try engine.score(request) }
        #expect(error?.problems.map(\.pointer) == ["/model", "/adoption", "/standardization", "/controversy"])
        #expect(error?.problems[1].detail == "must be a finite number or an array [lo, hi]")
        #expect(error?.problems[2].detail == "a range must be an array of exactly two numbers [lo, hi]")
        // 1e999 is valid JSON but no double holds it.
        #expect(error?.problems[3].detail == "must be a finite number or an array [lo, hi]")
        #expect(request.extraFields == ["colour"])
    }

    @Test func modelAndWeightsTogetherIsAProblem() throws {
        let request = try decode(#"{"model":"formal","weights":{"adoption":1},"adoption":0.5}"#)
        let error = #expect(throws: ValidationError.self) { try engine.score(request) }
        #expect(error?.problems.map(\.pointer) == ["/weights"])
    }

    @Test func badWeightValues() throws {
        let request = try decode(#"{"weights":{"adoption":"half","standardization":1},"adoption":0.5,"standardization":0.5}"#)
        let error = #expect(throws: ValidationError.self) { try engine.score(request) }
        #expect(error?.problems.first?.pointer == "/weights/adoption")
    }

    @Test func classifyABareScore() throws {
        #expect(try engine.classify(try decode(#"{"score":0.68}"#)).level?.id == "L2")
        let both = #expect(throws: ValidationError.self) { try engine.classify(try decode(#"{"score":0.68,"adoption":0.5}"#)) }
        #expect(both?.problems.map(\.pointer) == ["/score"])
        let text = #expect(throws: ValidationError.self) { try engine.classify(try decode(#"{"score":"high"}"#)) }
        #expect(text?.problems.map(\.pointer) == ["/score"])
    }

    @Test func queryParameters() throws {
        let request = ScoreRequest(query: [("adoption", "0.6"), ("standardization", "0.7"), ("controversy", "0.3"),
                                           ("model", "formal"), ("pretty", "1")])
        let result = try engine.score(request)
        #expect(result.score == 0.66)
        #expect(result.unused == ["pretty"])
        let ranged = ScoreRequest(query: [("adoption", "0.5,0.7"), ("standardization", "0.5..0.8"), ("controversy", "0.2, 0.5")])
        #expect(try engine.score(ranged).scoreRange == ScoreRange(min: 0.5, max: 0.76))
        let weights = ScoreRequest(query: [("weights.adoption", "0.5"), ("weights.standardization", "0.5"),
                                           ("adoption", "1"), ("standardization", "0")])
        #expect(try engine.score(weights).score == 0.5)
        let bad = ScoreRequest(query: [("adoption", "lots"), ("standardization", "1,2,3"), ("controversy", "nan")])
        let error = #expect(throws: ValidationError.self) { try engine.score(bad) }
        #expect(error?.problems.map(\.pointer) == ["/adoption", "/standardization", "/controversy"])
        #expect(try engine.classify(ScoreRequest(query: [("score", "0.95")])).level?.id == "L3")
    }
}
