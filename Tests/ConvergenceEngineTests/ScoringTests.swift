import Testing
@testable import ConvergenceEngine

@Suite struct ScoringTests {
    @Test func formalOnPointSixSevenThreeIsExactlyPointSixSix() throws {
        let result = try engine.score(formal(0.6, 0.7, 0.3))
        #expect(result.score == 0.66)
        #expect(result.level?.id == "L2")
    }

    @Test func formalOnPointSixSixFourIsExactlyPointSixAndL1() throws {
        let result = try engine.score(formal(0.6, 0.6, 0.4))
        #expect(result.score == 0.6)
        #expect(result.level?.id == "L1")
    }

    @Test func defaultModelIsFormal() throws {
        let request = ScoreRequest(indicators: IndicatorValues(points: [.adoption: 0.6, .standardization: 0.6, .controversy: 0.4]))
        let result = try engine.score(request)
        #expect(result.model == "formal")
        #expect(engine.defaultModel.id == "formal")
    }

    @Test func moeVsDenseExtendedTerms() throws {
        let request = ScoreRequest(indicators: IndicatorValues(points: [
            .adoption: 0.6, .standardization: 0.7, .controversy: 0.3, .maturity: 0.75,
        ]), model: .id("extended"))
        let result = try engine.score(request)
        #expect(result.model == "extended")
        #expect(result.score == 0.68)
        #expect(result.level?.id == "L2")
        #expect(result.level?.name == "Converging (duopoly)")
        #expect(result.level?.sourceName == "收敛进行时（双寡头竞争）")
        #expect(result.terms.map(\.indicator) == [.adoption, .standardization, .controversy, .maturity])
        #expect(result.terms.map(\.contribution) == [0.18, 0.21, 0.14, 0.15])
        #expect(result.terms.map(\.weight) == [0.3, 0.3, 0.2, 0.2])
        #expect(result.terms.map(\.inverted) == [false, false, true, false])
        #expect(result.unused == [])
    }

    @Test func builtInModels() throws {
        #expect(engine.models.map(\.id) == ["formal", "extended", "l3-worked", "attention-worked", "adamw-worked"])
        let adamw = try engine.model(id: "adamw-worked")
        #expect(adamw.terms.map(\.weight) == [0.25, 0.25, 0.2, 0.3])
        #expect(adamw.terms.map(\.indicator) == [.adoption, .standardization, .controversy, .completeness])
        #expect(throws: NotFoundError(kind: .model, id: "nope")) { try engine.model(id: "nope") }
    }

    @Test func unusedIndicatorsAreListedNotRejected() throws {
        var request = formal(0.6, 0.7, 0.3)
        request.indicators[.maturity] = .point(0.75)
        request.indicators[.research] = .point(0.9)
        request.extraFields = ["colour"]
        let result = try engine.score(request)
        #expect(result.score == 0.66)
        #expect(result.unused == ["maturity", "research", "colour"])
    }

    @Test func missingIndicatorIsNamed() {
        let request = ScoreRequest(indicators: IndicatorValues(points: [.adoption: 0.6, .standardization: 0.7]),
                                   model: .id("formal"))
        let error = #expect(throws: ValidationError.self) { try engine.score(request) }
        #expect(error?.problems.map(\.pointer) == ["/controversy"])
        #expect(error?.problems.first?.code == .missing)
        #expect(error?.summary.contains("controversy") == true)
    }

    @Test func outOfRangeValueNamesFieldAndReason() {
        let error = #expect(throws: ValidationError.self) { try engine.score(formal(1.5, 0.7, 0.3)) }
        #expect(error?.problems == [.init(pointer: "/adoption", detail: "must be between 0 and 1, got 1.5")])
        #expect(error?.summary == "adoption must be between 0 and 1, got 1.5")
    }

    @Test func everyProblemIsReported() {
        var request = formal(-0.1, .nan, .infinity)
        request.indicators[.maturity] = .range(0.9, 0.1)
        request.indicators[.completeness] = .invalid(.notANumber)
        let error = #expect(throws: ValidationError.self) { try engine.score(request) }
        #expect(error?.problems.map(\.pointer) == ["/adoption", "/standardization", "/controversy", "/maturity", "/completeness"])
        #expect(error?.problems[1].detail == "must be a finite number")
        #expect(error?.problems[4].detail == IndicatorInput.Problem.notANumber.detail)
        #expect(error?.summary.hasSuffix("(and 4 more problems)") == true)
    }

    @Test func unknownModelAndTechnologyAreUnknownReferences() {
        let request = ScoreRequest(model: .id("nope"), technology: "nothing")
        let error = #expect(throws: ValidationError.self) { try engine.score(request) }
        #expect(error?.problems.map(\.pointer) == ["/technology", "/model"])
        #expect(error?.isUnknownReference == true)
    }

    @Test func inlineWeightsInvertControversy() throws {
        let request = ScoreRequest(indicators: IndicatorValues(points: [.adoption: 0.6, .standardization: 0.7, .controversy: 0.3]),
                                   model: .weights(["adoption": 0.5, "standardization": 0.3, "controversy": 0.2]))
        let result = try engine.score(request)
        // 0.5·0.6 + 0.3·0.7 + 0.2·(1 − 0.3) = 0.30 + 0.21 + 0.14
        #expect(result.score == 0.65)
        #expect(result.model == "inline")
        #expect(result.terms.first { $0.indicator == .controversy }?.inverted == true)
    }

    @Test func inlineWeightsAreValidated() {
        let values = IndicatorValues(points: [.adoption: 0.6, .standardization: 0.7, .controversy: 0.3])
        let sum = #expect(throws: ValidationError.self) {
            try engine.score(ScoreRequest(indicators: values, model: .weights(["adoption": 0.5, "standardization": 0.3])))
        }
        #expect(sum?.problems.map(\.pointer) == ["/weights"])
        #expect(sum?.problems.first?.detail == "weights must sum to 1, got 0.8")

        let bad = #expect(throws: ValidationError.self) {
            try engine.score(ScoreRequest(indicators: values, model: .weights([
                "adoption": 1.2, "standardization": -0.2, "colour": 0, "research": 0,
            ])))
        }
        // 1.2 − 0.2 sums to 1, so the sum is fine; the negative weight, the research weight and
        // the unknown name are each reported.
        #expect(Set(bad?.problems.map(\.pointer) ?? []) == ["/weights/colour", "/weights/standardization", "/weights/research"])
        #expect(bad?.problems.contains { $0.pointer == "/weights/colour" && $0.detail == "is not an indicator" } == true)
    }

    @Test func zeroWeightIndicatorsAreNotRequired() throws {
        let values = IndicatorValues(points: [.adoption: 0.8, .standardization: 0.6])
        let result = try engine.score(ScoreRequest(indicators: values, model: .weights([
            "adoption": 0.5, "standardization": 0.5, "controversy": 0,
        ])))
        #expect(result.score == 0.7)
        #expect(result.terms.map(\.indicator) == [.adoption, .standardization])
    }

    @Test func weightsWithinToleranceAreAccepted() throws {
        let values = IndicatorValues(points: [.adoption: 1, .standardization: 1, .controversy: 0])
        let result = try engine.score(ScoreRequest(indicators: values, model: .weights([
            "adoption": 0.5 + 5e-10, "standardization": 0.3, "controversy": 0.2,
        ])))
        #expect(result.score == 1)
        #expect(throws: ValidationError.self) {
            try engine.score(ScoreRequest(indicators: values, model: .weights([
                "adoption": 0.5 + 1e-8, "standardization": 0.3, "controversy": 0.2,
            ])))
        }
    }

    @Test func technologyUsesItsIndicatorsAndModel() throws {
        let result = try engine.score(ScoreRequest(technology: "moe-vs-dense"))
        #expect(result.model == "extended")
        #expect(result.technology == "moe-vs-dense")
        #expect(result.score == 0.68)

        // The request's model and values override the catalog's.
        let formalMoE = try engine.score(ScoreRequest(model: .id("formal"), technology: "moe-vs-dense"))
        // 0.4·0.6 + 0.3·0.7 + 0.3·0.7 = 0.66; maturity unused
        #expect(formalMoE.score == 0.66)
        #expect(formalMoE.unused == ["maturity"])
        var override = ScoreRequest(technology: "moe-vs-dense")
        override.indicators[.adoption] = .point(0.9)
        // 0.3·0.9 + 0.21 + 0.14 + 0.15
        #expect(try engine.score(override).score == 0.77)
    }

    @Test func batchKeepsOrderAndPrefixesPointers() throws {
        let results = try engine.score(batch: [formal(0.6, 0.7, 0.3), formal(0.6, 0.6, 0.4)])
        #expect(results.map(\.score) == [0.66, 0.6])

        let batch = [formal(0.6, 0.7, 0.3), formal(0.6, 0.7, 0.3), formal(0.6, 0.7, 0.3), formal(1.5, 0.7, 0.3), formal(0.5, 2, 0.3)]
        let error = #expect(throws: ValidationError.self) { try engine.score(batch: batch) }
        #expect(error?.problems.map(\.pointer) == ["/3/adoption", "/4/standardization"])
    }

    @Test func rangesGiveAnIntervalAndTheLevelsItTouches() throws {
        // The L2 profile's corners under formal: 0.4·0.5 + 0.3·0.5 + 0.3·(1 − 0.5) = 0.5 up to
        // 0.4·0.7 + 0.3·0.8 + 0.3·(1 − 0.2) = 0.76 (docs/model.md#classification).
        let request = ScoreRequest(indicators: IndicatorValues([
            .adoption: .range(0.5, 0.7), .standardization: .range(0.5, 0.8), .controversy: .range(0.2, 0.5),
        ]))
        let result = try engine.score(request)
        #expect(result.score == nil)
        #expect(result.level == nil)
        #expect(result.scoreRange == ScoreRange(min: 0.5, max: 0.76))
        #expect(result.levels == ["L1", "L2"])
        let controversy = try #require(result.terms.first { $0.indicator == .controversy })
        #expect(controversy.valueRange == ScoreRange(min: 0.2, max: 0.5))
        #expect(controversy.contributionRange == ScoreRange(min: 0.15, max: 0.24))
    }

    @Test func rangeAcrossEveryLevel() throws {
        let request = ScoreRequest(indicators: IndicatorValues([
            .adoption: .range(0, 1), .standardization: .range(0, 1), .controversy: .range(0, 1),
        ]))
        let result = try engine.score(request)
        #expect(result.scoreRange == ScoreRange(min: 0, max: 1))
        #expect(result.levels == ["L0", "L1", "L2", "L3", "L4"])
    }

    @Test func badRangesAreErrors() {
        let request = ScoreRequest(indicators: IndicatorValues([
            .adoption: .range(0.7, 0.5), .standardization: .range(-0.1, 0.5), .controversy: .invalid(.notARange),
        ]))
        let error = #expect(throws: ValidationError.self) { try engine.score(request) }
        #expect(error?.problems.map(\.pointer) == ["/adoption", "/standardization", "/controversy"])
        #expect(error?.problems[0].detail == "range lower bound 0.7 exceeds upper bound 0.5")
    }

    @Test func scoreListsEveryBadIndicator() throws {
        // {"adoption":"x","standardization":2,"controversy":0.3,"model":"formal"}
        var values = points(0, 2, 0.3)
        values[.adoption] = .invalid(.notANumber)
        let request = ScoreRequest(indicators: values, model: .id("formal"))
        #expect(Set(problemPointers { _ = try engine.score(request) } ?? []) == ["/adoption", "/standardization"])
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
        #expect(problemPointers { _ = try engine.classify(ScoreRequest(inputProblems: highScore)) } == ["/score"])
        #expect(problemPointers { _ = try engine.classify(malformed) } == ["/score", "/score"])
    }
}
