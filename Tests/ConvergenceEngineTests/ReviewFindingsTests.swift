import Foundation
import Testing
@testable import ConvergenceEngine

/// The engine side of /work/notes/review-service.md findings 2, 3, 4 and 17. Expected values
/// come from the review and the spec (issue 4: "validation errors carry JSON pointers for every
/// bad field"; api.md: `POST /classify` takes `{"score":0.68}` or anything `/score` accepts).
@Suite struct ReviewFindingsTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    /// The pointers of the validation error `body` throws; nil when it succeeds (or throws another error).
    func pointers(_ body: () throws -> Void) -> [String]? {
        do {
            try body()
            return nil
        } catch {
            return (error as? ValidationError)?.problems.map(\.pointer)
        }
    }

    // MARK: #2 every bad field, not only the shape errors

    @Test func compareListsShapeAndRangeProblemsTogether() throws {
        // The review's request: a share out of range and a missing name.
        let request = try decode(CompareRequest.self, #"{"approaches":[{"name":"A","share":1.2},{"share":0.1}]}"#)
        let found = pointers { _ = try engine.compare(request) }
        #expect(Set(found ?? []) == ["/approaches/0/share", "/approaches/1/name"])
        #expect(found?.count == 2)
    }

    @Test func compareKeepsIndicesWhenAnEarlierApproachIsBroken() throws {
        // The unreadable approach comes first: the range problem must still point at index 1 and 2.
        let request = try decode(CompareRequest.self, #"{"approaches":[7,{"share":0.1},{"name":"C","share":-1}]}"#)
        let found = pointers { _ = try engine.compare(request) }
        #expect(found == ["/approaches/0", "/approaches/1/name", "/approaches/2/share"])
    }

    @Test func analyzeMarketMergesCallerProblems() {
        // What the service does: its own shape problems plus placeholders at the broken indices.
        let shape: [ValidationError.Problem] = [.init(pointer: "/approaches/1/name", detail: "is required", code: .missing)]
        let shares = [ApproachShare(name: "A", share: 1.2), ApproachShare(name: "", share: 0.1)]
        let found = pointers { _ = try engine.analyzeMarket(shares, inputProblems: shape) }
        // The placeholder's empty name is not reported a second time.
        #expect(found == ["/approaches/1/name", "/approaches/0/share"])
        // Shape problems alone still fail, even when the engine finds nothing.
        let ok = [ApproachShare(name: "A", share: 0.5), ApproachShare(name: "", share: 0)]
        #expect(pointers { _ = try engine.analyzeMarket(ok, inputProblems: shape) } == ["/approaches/1/name"])
        #expect((try? engine.analyzeMarket([ApproachShare(name: "A", share: 0.6)], inputProblems: []))?.leader == "A")
    }

    @Test func compareItemsMergesCallerProblems() {
        let shape: [ValidationError.Problem] = [.init(pointer: "/items/0", detail: "must be an object")]
        let items = [ScoreRequest(),
                     ScoreRequest(indicators: IndicatorValues(points: [.adoption: 1.5, .standardization: 0.5, .controversy: 0.5]))]
        #expect(pointers { _ = try engine.compare(items: items, inputProblems: shape) } == ["/items/0", "/items/1/adoption"])
    }

    @Test func calculatorsListEveryBadField() throws {
        let moeInput = try decode(CalculatorInput.self, #"{"experts":"eight","active":2.5}"#)
        #expect(pointers { _ = try engine.moeCost(moeInput) } == ["/experts", "/active"])
        let paramsInput = try decode(CalculatorInput.self, #"{"totalParams":"x","activeParams":-1}"#)
        #expect(Set(pointers { _ = try engine.moeCost(paramsInput) } ?? []) == ["/totalParams", "/activeParams"])
        let loadsInput = try decode(CalculatorInput.self, #"{"loads":[1,"x",-2]}"#)
        #expect(pointers { _ = try engine.loadImbalance(loadsInput) } == ["/loads/1", "/loads/2"])
        let contextInput = try decode(CalculatorInput.self, #"{"contextTokens":"x","retrievedTokens":-1,"width":0}"#)
        #expect(Set(pointers { _ = try engine.contextCost(contextInput) } ?? []) == ["/contextTokens", "/retrievedTokens", "/width"])
    }

    @Test func calculatorsMergeCallerProblems() throws {
        // What the service does: its own, more specific shape problems, the field left out.
        let shape: [ValidationError.Problem] = [.init(pointer: "/experts", detail: "must be a number, got string")]
        do {
            _ = try engine.moeCost(CalculatorInput(fields: ["active": .number(2.5)], inputProblems: shape))
            Issue.record("must fail")
        } catch {
            #expect(error.problems.map(\.pointer) == ["/experts", "/active"])
            // The caller's detail, not a second "is required" for the same field.
            #expect(error.problems.first?.detail == "must be a number, got string")
        }
        let loadShape: [ValidationError.Problem] = [.init(pointer: "/loads/1", detail: "must be a number, got string")]
        let loads = CalculatorInput(fields: ["loads": .array([1, nil, -2])], inputProblems: loadShape)
        #expect(pointers { _ = try engine.loadImbalance(loads) } == ["/loads/1", "/loads/2"])
        // Shape problems alone fail even when every readable value is fine.
        let context = CalculatorInput(fields: ["contextTokens": .number(8), "retrievedTokens": .number(2), "width": .number(4)],
                                      inputProblems: [.init(pointer: "/extra", detail: "must be a number, got string")])
        #expect(pointers { _ = try engine.contextCost(context) } == ["/extra"])
    }

    @Test func scoreListsEveryBadIndicator() throws {
        let request = try decode(ScoreRequest.self, #"{"adoption":"x","standardization":2,"controversy":0.3,"model":"formal"}"#)
        #expect(Set(pointers { _ = try engine.score(request) } ?? []) == ["/adoption", "/standardization"])
    }

    // MARK: #3 the summary never doubles the field name

    @Test func weightsSumSummaryFromTheReview() throws {
        let request = try decode(ScoreRequest.self,
                                 #"{"weights":{"adoption":0.5,"standardization":0.3,"controversy":0.3},"adoption":0.6,"standardization":0.7,"controversy":0.3}"#)
        do {
            _ = try engine.score(request)
            Issue.record("weights summing to 1.1 must be rejected")
        } catch {
            #expect(error.summary == "weights must sum to 1, got 1.1")
        }
    }

    @Test func summaryRule() {
        // A predicate takes the field as subject.
        #expect(ValidationError(pointer: "/3/adoption", detail: "must be between 0 and 1, got 1.5").summary
            == "adoption must be between 0 and 1, got 1.5")
        #expect(ValidationError(pointer: "/approaches/1/name", detail: "is required").summary == "name is required")
        // A sentence that starts with the field stands alone.
        #expect(ValidationError(pointer: "/weights", detail: "weights must sum to 1, got 1.1").summary
            == "weights must sum to 1, got 1.1")
        // Any other sentence keeps its field, introduced with a colon.
        #expect(ValidationError(pointer: "/weights", detail: "give either model or weights, not both").summary
            == "weights: give either model or weights, not both")
        #expect(ValidationError(pointer: "/adoption", detail: "range bounds must be finite numbers").summary
            == "adoption: range bounds must be finite numbers")
        // No field: the detail alone.
        #expect(ValidationError(pointer: "", detail: "give approaches (shares) or items (to score)").summary
            == "give approaches (shares) or items (to score)")
    }

    // MARK: #4 integers too large get a range message

    @Test func largeIntegersAreOutOfRangeNotNonIntegers() throws {
        for experts in [9007199254740993.0, 1e30, Double(MoECost.maximumExperts) + 1] {
            do {
                _ = try engine.moeCost(experts: experts, active: 1)
                Issue.record("\(experts) experts must be rejected")
            } catch {
                #expect(error.problems.map(\.pointer) == ["/experts"])
                #expect(error.problems.first?.detail.hasPrefix("must be at most 1000000000, got ") == true, "\(error.summary)")
            }
        }
        // The review's request body: the value reads as the integer the JSON number became (2^53),
        // not as 9007199254740992.0.
        let body = try decode(CalculatorInput.self, #"{"experts":9007199254740993,"active":1}"#)
        do {
            _ = try engine.moeCost(body)
            Issue.record("9007199254740993 experts must be rejected")
        } catch {
            #expect(error.summary == "experts must be at most 1000000000, got 9007199254740992")
        }
        // The bound itself is accepted: 1 of 10^9 experts active.
        #expect((try? engine.moeCost(experts: 1e9, active: 1))?.experts == 1_000_000_000)
        // A fraction is still "must be an integer".
        #expect((try? engine.moeCost(experts: 8, active: 2.5)) == nil)
        do {
            _ = try engine.moeCost(experts: 8, active: 2.5)
        } catch {
            #expect(error.problems.first?.detail == "must be an integer, got 2.5")
        }
    }

    // MARK: #17 a score selects score classification

    @Test func scoreWithUnknownMembersClassifiesTheScore() throws {
        // 0.68 is in L2 (0.6, 0.8] (domain: moe-vs-dense 0.68 → L2).
        let query = try engine.classify(ScoreRequest(query: [("score", "0.68"), ("_", "123")]))
        #expect(query.level?.id == "L2")
        #expect(query.unused == ["_"])
        let body = try engine.classify(try decode(ScoreRequest.self, #"{"score":0.68,"comment":"x"}"#))
        #expect(body.level?.id == "L2")
        #expect(body.unused == ["comment"])
        // A bare score with nothing else: no unused list, as before.
        #expect(try engine.classify(try decode(ScoreRequest.self, #"{"score":0.68}"#)).unused == nil)
    }

    @Test func modelWithScoreIsUnused() throws {
        // 0.5 is in L1 (0.3, 0.6].
        let model = try engine.classify(ScoreRequest(query: [("score", "0.5"), ("model", "formal")]))
        #expect(model.level?.id == "L1")
        #expect(model.unused == ["model"])
        let weights = try engine.classify(try decode(ScoreRequest.self, #"{"score":0.5,"weights":{"adoption":1}}"#))
        #expect(weights.unused == ["weights"])
    }

    @Test func scoringIgnoresScore() throws {
        // /score ignores what it does not use (api.md): `score` is listed, never an error.
        let values = #"{"adoption":0.6,"standardization":0.6,"controversy":0.4"#
        let result = try engine.score(try decode(ScoreRequest.self, values + #","score":0.9}"#))
        #expect(result.score == 0.6)
        #expect(result.unused.contains("score"))
        let malformed = try decode(ScoreRequest.self, values + #","score":"high"}"#)
        #expect(try engine.score(malformed).unused.contains("score"))
        // On /classify a malformed score is the problem; next to indicators it is two problems.
        #expect(pointers { _ = try engine.classify(try decode(ScoreRequest.self, #"{"score":"high"}"#)) } == ["/score"])
        #expect(pointers { _ = try engine.classify(malformed) } == ["/score", "/score"])
    }

    @Test func scoreWithIndicatorsSaysSo() throws {
        let both = try decode(ScoreRequest.self, #"{"score":0.5,"adoption":0.6}"#)
        do {
            _ = try engine.classify(both)
            Issue.record("score with indicators must be rejected")
        } catch {
            #expect(error.problems.map(\.pointer) == ["/score"])
            #expect(error.summary.contains("score") && error.summary.contains("adoption"), "\(error.summary)")
        }
        let technology = pointers { _ = try engine.classify(ScoreRequest(query: [("score", "0.5"), ("technology", "rlhf")])) }
        #expect(technology == ["/score"])
        // The score's own problems are still reported.
        #expect(pointers { _ = try engine.classify(ScoreRequest(query: [("score", "1.5"), ("_", "1")])) } == ["/score"])
    }
}
