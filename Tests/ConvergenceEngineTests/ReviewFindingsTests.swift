import Foundation
import Testing
@testable import ConvergenceEngine

/// The engine side of request validation: problems carry a JSON pointer for every bad field,
/// `POST /classify` takes `{"score":0.68}` or anything `/score` accepts (openapi/openapi.json),
/// and members a request does not use are listed, never an error (docs/model.md#models).
@Suite struct ReviewFindingsTests {
    /// The formal model's three indicators as points.
    func points(_ adoption: Double, _ standardization: Double, _ controversy: Double) -> IndicatorValues {
        IndicatorValues(points: [.adoption: adoption, .standardization: standardization, .controversy: controversy])
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
        let moeInput = CalculatorInput(fields: ["experts": .invalid, "active": .number(2.5)])
        #expect(pointers { _ = try engine.moeCost(moeInput) } == ["/experts", "/active"])
        let paramsInput = CalculatorInput(fields: ["totalParams": .invalid, "activeParams": .number(-1)])
        #expect(Set(pointers { _ = try engine.moeCost(paramsInput) } ?? []) == ["/totalParams", "/activeParams"])
        let loadsInput = CalculatorInput(fields: ["loads": .array([1, nil, -2])])
        #expect(pointers { _ = try engine.loadImbalance(loadsInput) } == ["/loads/1", "/loads/2"])
        let contextInput = CalculatorInput(fields: ["contextTokens": .invalid, "retrievedTokens": .number(-1), "width": .number(0)])
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
        // {"adoption":"x","standardization":2,"controversy":0.3,"model":"formal"}
        var values = points(0, 2, 0.3)
        values[.adoption] = .invalid(.notANumber)
        let request = ScoreRequest(indicators: values, model: .id("formal"))
        #expect(Set(pointers { _ = try engine.score(request) } ?? []) == ["/adoption", "/standardization"])
    }

    // MARK: #3 the summary never doubles the field name

    @Test func weightsSumSummaryFromTheReview() throws {
        let request = ScoreRequest(indicators: points(0.6, 0.7, 0.3),
                                   model: .weights(["adoption": 0.5, "standardization": 0.3, "controversy": 0.3]))
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
        // It reaches the engine as the service sends it: parsed, then the number.
        let body = try JSONParser.parse(Array(#"{"experts":9007199254740993,"active":1}"#.utf8))
        guard case .number(let bodyExperts)? = body["experts"] else {
            Issue.record("experts must parse as a number")
            return
        }
        do {
            _ = try engine.moeCost(experts: bodyExperts, active: 1)
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

    @Test func scoringIgnoresScore() throws {
        // /score ignores what it does not use (docs/model.md#models): `score` is listed, never an error.
        let values = points(0.6, 0.6, 0.4)
        let result = try engine.score(ScoreRequest(indicators: values, score: 0.9))
        #expect(result.score == 0.6)
        #expect(result.unused.contains("score"))
        // `"score":"high"`: the caller's shape problem, no score.
        let highScore: [ValidationError.Problem] = [.init(pointer: "/score", detail: "must be a number between 0 and 1")]
        let malformed = ScoreRequest(indicators: values, inputProblems: highScore)
        #expect(try engine.score(malformed).unused.contains("score"))
        // On /classify a malformed score is the problem; next to indicators it is two problems.
        #expect(pointers { _ = try engine.classify(ScoreRequest(inputProblems: highScore)) } == ["/score"])
        #expect(pointers { _ = try engine.classify(malformed) } == ["/score", "/score"])
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
        let technology = pointers { _ = try engine.classify(ScoreRequest(technology: "rlhf", score: 0.5)) }
        #expect(technology == ["/score"])
        // The score's own problems are still reported.
        #expect(pointers { _ = try engine.classify(ScoreRequest(score: 1.5, extraFields: ["_"])) } == ["/score"])
    }
}
