import Testing
@testable import ConvergenceEngine

@Suite struct LevelTests {
    @Test(arguments: [
        (0.0, "L0"), (0.299999, "L0"), (0.3, "L1"), (0.6, "L1"), (0.600001, "L2"), (0.8, "L2"),
        (0.800001, "L3"), (0.95, "L3"), (0.950001, "L4"), (1.0, "L4"),
    ])
    func boundaries(score: Double, level: String) throws {
        #expect(try engine.classify(score: score).level?.id == level)
        #expect(engine.level(for: score).id == level)
    }

    @Test func levelDefinitions() throws {
        #expect(engine.levels.map(\.id) == ["L0", "L1", "L2", "L3", "L4"])
        let l2 = try engine.level(id: "L2")
        #expect(l2.name == "Converging (duopoly)")
        #expect(l2.sourceName == "收敛进行时（双寡头竞争）")
        #expect(l2.interval == Interval(lower: 0.6, upper: 0.8, lowerInclusive: false, upperInclusive: true))
        #expect(l2.nominalDegree == 0.6)
        #expect(l2.certainty == "★★★☆☆")
        #expect(l2.research == "high")
        #expect(l2.disputeFocus == "Stability of MoE routing")
        #expect(l2.drivers == ["capital efficiency", "user lock-in"])
        let l1 = try engine.level(id: "L1")
        #expect(l1.interval == Interval(lower: 0.3, upper: 0.6, lowerInclusive: true, upperInclusive: true))
        #expect(try engine.level(id: "L0").interval == Interval(lower: 0, upper: 0.3, lowerInclusive: true, upperInclusive: false))
        #expect(try engine.level(id: "L4").interval == Interval(lower: 0.95, upper: 1, lowerInclusive: false, upperInclusive: true))
        #expect(try engine.level(id: "L4").disputeFocus == nil)
        #expect(try engine.level(id: "L3").research == "low")
        #expect(try engine.level(id: "L4").research == "abandoned")
        #expect(engine.levels.map(\.nominalDegree) == [0.1, 0.3, 0.6, 0.85, 0.95])
        #expect(throws: NotFoundError(kind: .level, id: "L9")) { try engine.level(id: "L9") }
    }

    @Test func bareScoreIsValidated() {
        for bad in [-0.1, 1.000001, .nan, .infinity] {
            let error = #expect(throws: ValidationError.self) { try engine.classify(score: bad) }
            #expect(error?.problems.map(\.pointer) == ["/score"])
        }
    }

    @Test func marginsAndSteps() throws {
        let c = try engine.classify(score: 0.68)
        #expect(c.margins == Margins(toLower: 0.08, toUpper: 0.12))
        #expect(c.toNext?.level.id == "L3")
        // L3 starts strictly above 0.80; the first 6-decimal score inside it is 0.800001.
        #expect(c.toNext?.score == 0.800001)
        #expect(c.toNext?.change == 0.120001)
        #expect(c.toNext?.indicators == [])
        #expect(c.toPrevious?.level.id == "L1")
        #expect(c.toPrevious?.score == 0.6)
        #expect(c.toPrevious?.change == -0.08)
        #expect(c.profile == [])
        #expect(c.profileConsistent == nil)
    }

    @Test func noNextAtL4NoPreviousAtL0() throws {
        let top = try engine.classify(score: 1)
        #expect(top.toNext == nil)
        #expect(top.toPrevious?.level.id == "L3")
        #expect(top.toPrevious?.score == 0.95)
        let bottom = try engine.classify(score: 0)
        #expect(bottom.toPrevious == nil)
        #expect(bottom.toNext?.score == 0.3)
        // L0 ends before 0.30 exclusive: the last score inside it is 0.299999.
        #expect(try engine.classify(score: 0.45).toPrevious?.score == 0.299999)
    }

    /// The document's formal definition C₂ = 0.4·adoption + 0.3·standardization + 0.3·(1 − controversy)
    /// (§三 3.1), with scores rounded half-to-even to 6 decimals before they are classified.
    /// Each expected value is the smallest 6-decimal change whose rounded score lands in the level.
    @Test("§三 3.1 C₂: smallest 6-decimal change to a neighbouring level", arguments: [
        // formal(0.6, 0.7, 0.3) = 0.66 (L2). Up to L3 (> 0.80): adoption 0.950002 scores
        // 0.38000080 + 0.42 = 0.8000008 → 0.800001 (L3); 0.950001 scores 0.8000004 → 0.8 (L2).
        // Standardization would need 0.7 + 0.14/0.3 > 1, controversy 0.3 − 0.14/0.3 < 0.
        (0.6, 0.7, 0.3, true, [0.950002, nil, nil]),
        // Down to L1 (≤ 0.60): adoption 0.450001 scores 0.6000004 → 0.6 (0.450002: 0.6000008 → 0.600001);
        // standardization 0.500001 scores 0.6000003 → 0.6; controversy 0.499999 scores 0.6000003 → 0.6.
        (0.6, 0.7, 0.3, false, [0.450001, 0.500001, 0.499999]),
        // formal(0.5, 0.7, 0) = 0.71 (L2). Down to L1: standardization 0.333335 scores exactly
        // 0.2 + 0.1000005 + 0.3 = 0.6000005, a tie that half-to-even rounds to 0.600000 (L1);
        // 0.333336 scores 0.6000008 → 0.600001 (L2). Adoption 0.225001 scores 0.6000004;
        // controversy 0.366665 scores 0.2 + 0.21 + 0.1900005, the same tie.
        (0.5, 0.7, 0.0, false, [0.225001, 0.333335, 0.366665]),
    ] as [(Double, Double, Double, Bool, [Double?])])
    func perIndicatorValuesNeeded(a: Double, s: Double, c: Double, up: Bool, expected: [Double?]) throws {
        let classification = try engine.classify(formal(a, s, c))
        let step = try #require(up ? classification.toNext : classification.toPrevious)
        #expect(step.indicators.map(\.indicator) == [.adoption, .standardization, .controversy])
        #expect(step.indicators.map(\.value) == expected)
        // Each value reaches the level through /score's own rounding.
        for (target, value) in zip(step.indicators, expected) {
            guard let value else { continue }
            var moved = [Indicator.adoption: a, .standardization: s, .controversy: c]
            moved[target.indicator] = value
            let request = ScoreRequest(indicators: IndicatorValues(points: moved), model: .id("formal"))
            #expect(try engine.score(request).level?.id == step.level.id)
        }
    }

    @Test func profileCheck() throws {
        let c = try engine.classify(formal(0.6, 0.7, 0.3))
        #expect(c.level?.id == "L2")
        #expect(c.profile.map(\.indicator) == [.adoption, .standardization, .controversy])
        #expect(c.profile.map(\.inside) == [true, true, true])
        #expect(c.profileConsistent == true)

        // code-vs-general computes 0.27 (L0) but its adoption 0.3 is not < 0.3.
        let code = try engine.classify(ScoreRequest(technology: "code-vs-general"))
        #expect(code.level?.id == "L0")
        #expect(code.profile.first { $0.indicator == .adoption }?.inside == false)
        #expect(code.profileConsistent == false)
    }

    @Test func l2ProfileCornersClassifyAsL1AndL2() throws {
        let c = try engine.classify(ScoreRequest(indicators: IndicatorValues([
            .adoption: .range(0.5, 0.7), .standardization: .range(0.5, 0.8), .controversy: .range(0.2, 0.5),
        ])))
        #expect(c.scoreRange == ScoreRange(min: 0.5, max: 0.76))
        #expect(c.levels?.map(\.id) == ["L1", "L2"])
        #expect(c.level == nil)
    }

    @Test func classifyBatchPrefixesPointers() {
        let error = #expect(throws: ValidationError.self) {
            try engine.classify(batch: [formal(0.6, 0.7, 0.3), ScoreRequest(model: .id("formal"))])
        }
        #expect(error?.problems.map(\.pointer) == ["/1/adoption", "/1/standardization", "/1/controversy"])
    }

    @Test func levelTable() throws {
        let table = try engine.table(id: "levels")
        #expect(table.kind == .levels)
        #expect(table.rows.map(\.dimension) == ["L0", "L1", "L2", "L3", "L4"])
        #expect(table.rows[2].cells[3] == "(0.6, 0.8]")
        #expect(table.rows[2].cells[4] == "60%")
        #expect(table.rows[1].cells[3] == "[0.3, 0.6]")
        #expect(table.rows[0].cells[3] == "[0, 0.3)")
    }
}
