import Testing
@testable import ConvergenceEngine

/// Properties over seeded random inputs (SplitMix64: reproducible, no dependency).
@Suite struct PropertyTests {
    let seeds: [UInt64] = [1, 42, 2026, 0xC0FFEE]

    func randomModel(_ g: inout SeededGenerator) -> ModelSelector {
        let ids = engine.models.map(\.id)
        if g.next() % 3 == 0 {
            // Inline weights that sum to 1 exactly enough: thirds of a random split.
            let a = Double(g.next() % 50) / 100
            let s = Double(g.next() % 50) / 100
            return .weights(["adoption": a, "standardization": s, "controversy": 1 - a - s])
        }
        return .id(ids[Int(g.next() % UInt64(ids.count))])
    }

    func randomValues(_ g: inout SeededGenerator) -> IndicatorValues {
        var values = IndicatorValues()
        for indicator in Indicator.scorable { values[indicator] = .point(g.unit()) }
        return values
    }

    @Test func everyScoreHasExactlyOneLevel() throws {
        for seed in seeds {
            var g = SeededGenerator(seed: seed)
            for _ in 0..<2_000 {
                let result = try engine.score(ScoreRequest(indicators: randomValues(&g), model: randomModel(&g)))
                let score = try #require(result.score)
                #expect(score >= 0 && score <= 1, "seed \(seed)")
                let holders = engine.levels.filter { $0.interval.contains(score) }
                #expect(holders.count == 1, "seed \(seed) score \(score)")
                #expect(holders.first?.id == result.level?.id)
            }
            for _ in 0..<1_000 {
                let score = Rounding.six(g.unit())
                #expect(engine.levels.filter { $0.interval.contains(score) }.count == 1, "seed \(seed) score \(score)")
            }
        }
    }

    @Test func monotoneInEachIndicator() throws {
        for seed in seeds {
            var g = SeededGenerator(seed: seed)
            for _ in 0..<1_000 {
                let model = randomModel(&g)
                let base = randomValues(&g)
                for indicator in Indicator.scorable {
                    guard case .point(let x)? = base[indicator] else { continue }
                    let y = g.unit()
                    var moved = base
                    moved[indicator] = .point(y)
                    let before = try #require(try engine.score(ScoreRequest(indicators: base, model: model)).score)
                    let after = try #require(try engine.score(ScoreRequest(indicators: moved, model: model)).score)
                    if indicator.isInverted {
                        #expect((y >= x) ? after <= before : after >= before, "seed \(seed) \(indicator)")
                    } else {
                        #expect((y >= x) ? after >= before : after <= before, "seed \(seed) \(indicator)")
                    }
                }
            }
        }
    }

    @Test func rangeContainsEveryPointInside() throws {
        for seed in seeds {
            var g = SeededGenerator(seed: seed)
            for _ in 0..<1_000 {
                let model = randomModel(&g)
                var ranges = IndicatorValues()
                var point = IndicatorValues()
                for indicator in Indicator.scorable {
                    let a = g.unit()
                    let b = g.unit()
                    let lo = min(a, b)
                    let hi = max(a, b)
                    ranges[indicator] = .range(lo, hi)
                    // A point inside, bounds included.
                    let t = Double(g.next() % 5) / 4
                    point[indicator] = .point(min(hi, max(lo, lo + t * (hi - lo))))
                }
                let interval = try #require(try engine.score(ScoreRequest(indicators: ranges, model: model)).scoreRange)
                let inside = try engine.score(ScoreRequest(indicators: point, model: model))
                let score = try #require(inside.score)
                #expect(interval.contains(score), "seed \(seed): \(score) outside \(interval)")
                let levels = try #require(try engine.score(ScoreRequest(indicators: ranges, model: model)).levels)
                #expect(levels.contains(inside.level?.id ?? ""), "seed \(seed)")
            }
        }
    }

    @Test func csvRoundTrips() {
        let alphabet: [Character] = ["a", "Z", " ", ",", "\"", "\n", "\r", "é", "收", "-", "%", "\t"]
        for seed in seeds {
            var g = SeededGenerator(seed: seed)
            for _ in 0..<500 {
                let width = Int(g.next() % 5) + 1
                let rows = Int(g.next() % 4)
                func field() -> String {
                    String((0..<Int(g.next() % 8)).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] })
                }
                let header = (0..<width).map { _ in field() }
                let records = (0..<rows).map { _ in (0..<width).map { _ in field() } }
                let parsed = CSV.parse(CSV.render(header: header, records: records))
                #expect(parsed == [header] + records, "seed \(seed)")
            }
        }
    }

    @Test func stepsReachTheirLevel() throws {
        for seed in seeds {
            var g = SeededGenerator(seed: seed)
            for _ in 0..<500 {
                let model = randomModel(&g)
                let values = randomValues(&g)
                let c = try engine.classify(ScoreRequest(indicators: values, model: model))
                for step in [c.toNext, c.toPrevious].compactMap({ $0 }) {
                    for target in step.indicators {
                        guard let needed = target.value else { continue }
                        var moved = values
                        moved[target.indicator] = .point(needed)
                        let reached = try engine.score(ScoreRequest(indicators: moved, model: model))
                        #expect(reached.level?.id == step.level.id, "seed \(seed) \(target.indicator) → \(needed)")
                        // Smallest change on the 6-decimal grid: one unit less leaves the rounded
                        // score (what /score classifies) outside the level.
                        guard case .point(let x)? = values[target.indicator] else { continue }
                        let lessChange = Rounding.six(needed > x ? needed - 0.000001 : needed + 0.000001)
                        if (needed > x) != (lessChange > x) || lessChange == x { continue }  // no smaller change left
                        moved[target.indicator] = .point(lessChange)
                        let short = try engine.score(ScoreRequest(indicators: moved, model: model)).level?.id != step.level.id
                        #expect(short, "seed \(seed) \(target.indicator): \(needed) is not the smallest")
                    }
                }
            }
        }
    }
}
