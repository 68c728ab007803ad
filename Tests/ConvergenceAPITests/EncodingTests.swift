@testable import ConvergenceAPI
import ConvergenceEngine
import Foundation
import JSON
import Testing

/// The JSON field names the API contract (openapi/openapi.json) fixes, as the results' JSON
/// members write them.
@Suite struct EncodingTests {
    let engine: Engine

    init() throws { engine = try Engine.embedded() }

    /// The JSON object a result writes.
    func jsonObject(_ value: some JSONWritable) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(value.jsonBytes)) as? [String: Any])
    }

    func formal(_ a: Double, _ s: Double, _ c: Double) -> ScoreRequest {
        ScoreRequest(indicators: IndicatorValues(points: [.adoption: a, .standardization: s, .controversy: c]),
                     model: .id("formal"))
    }

    /// Indicator names are written from fixed fragments and read by length and first letter:
    /// both must agree with the names (docs/model.md#indicators) for every indicator.
    @Test func indicatorNamesAsWrittenAndRead() {
        for indicator in Indicator.allCases {
            #expect("\(indicator.quotedName)" == "\"" + indicator.rawValue + "\"")
            #expect(RequestMapping.indicator(named: indicator.rawValue) == indicator)
            #expect(RequestMapping.indicator(named: indicator.rawValue + "s") == nil)
            #expect(RequestMapping.indicator(named: String(indicator.rawValue.dropLast()) + "x") == nil)
        }
        for name in ["model", "weights", "technology", "Adoption", "", "adoptio", "m", "mmmmmmmm"] {
            #expect(RequestMapping.indicator(named: name) == nil)
        }
    }

    @Test func scoreResultFields() throws {
        let json = try jsonObject(try engine.score(ScoreRequest(technology: "moe-vs-dense")))
        #expect(Set(json.keys) == ["model", "technology", "score", "terms", "unused", "level"])
        #expect(json["score"] as? Double == 0.68)
        let term = try #require((json["terms"] as? [[String: Any]])?.first)
        #expect(Set(term.keys) == ["indicator", "value", "weight", "inverted", "contribution"])
        #expect(term["indicator"] as? String == "adoption")
        let level = try #require(json["level"] as? [String: Any])
        #expect(Set(level.keys) == ["id", "name", "sourceName", "nominalDegree"])
        #expect(level["nominalDegree"] as? Double == 0.6)
    }

    @Test func rangeResultFields() throws {
        let json = try jsonObject(try engine.score(ScoreRequest(indicators: IndicatorValues([
            .adoption: .range(0.5, 0.7), .standardization: .point(0.5), .controversy: .point(0.2),
        ]))))
        #expect(Set(json.keys) == ["model", "scoreRange", "terms", "unused", "levels"])
        #expect(Set((json["scoreRange"] as? [String: Any])?.keys.map { $0 } ?? []) == ["min", "max"])
    }

    @Test func classificationFieldsAndExplicitNulls() throws {
        let top = try jsonObject(try engine.classify(score: 1))
        #expect(top["toNext"] is NSNull)
        #expect(top["profileConsistent"] is NSNull)
        let level = try #require(top["level"] as? [String: Any])
        #expect(Set(level.keys) == ["id", "name", "sourceName", "interval", "nominalDegree", "certainty", "profile",
                                    "research", "marketStructure", "disputeFocus", "drivers"])
        #expect(level["disputeFocus"] is NSNull)
        let interval = try #require(level["interval"] as? [String: Any])
        #expect(Set(interval.keys) == ["lower", "upper", "lowerInclusive", "upperInclusive"])
        let bottom = try jsonObject(try engine.classify(score: 0))
        #expect(bottom["toPrevious"] is NSNull)

        let c = try jsonObject(try engine.classify(formal(0.6, 0.7, 0.3)))
        let margins = try #require(c["margins"] as? [String: Any])
        #expect(Set(margins.keys) == ["toLower", "toUpper"])
        let next = try #require(c["toNext"] as? [String: Any])
        #expect(Set(next.keys) == ["level", "score", "change", "indicators"])
        let indicators = try #require(next["indicators"] as? [String: Any])
        #expect(indicators["standardization"] is NSNull)
        let profile = try #require((c["profile"] as? [[String: Any]])?.first)
        #expect(Set(profile.keys) == ["indicator", "value", "expected", "inside"])
    }

    @Test func marketFields() throws {
        let json = try jsonObject(try engine.analyzeMarket([ApproachShare(name: "MoE", share: 0.6), ApproachShare(name: "Dense", share: 0.4)]))
        #expect(Set(json.keys) == ["leader", "leaderShare", "gap", "cr2", "hhi", "structure", "verdict", "winner", "other"])
        #expect(json["winner"] is NSNull)
        #expect(json["structure"] as? String == "duopoly")
        let tie = try jsonObject(try engine.analyzeMarket([ApproachShare(name: "A", share: 0.5), ApproachShare(name: "B", share: 0.5)]))
        #expect(tie["leader"] is NSNull)
    }

    @Test func calculatorFields() throws {
        #expect(try jsonObject(try engine.moeCost(experts: 8, active: 2)).keys.sorted() == ["active", "experts", "outsideTypical", "premise", "ratio", "saving", "theorem"])
        #expect(try jsonObject(try engine.loadImbalance(loads: [1])).keys.contains("coefficientOfVariation"))
        #expect(Set(try jsonObject(try engine.contextCost(contextTokens: 8, retrievedTokens: 2, width: 4)).keys)
            .isSuperset(of: ["longContext", "rag", "ratio"]))
    }

    @Test func catalogFields() throws {
        let summary = try jsonObject(try engine.technology(id: "moe-vs-dense").summary)
        #expect(Set(summary.keys) == ["id", "name", "sourceName", "model", "score", "level", "sourceLevel", "claimed", "trend", "source"])
        let source = try #require(summary["source"] as? [String: Any])
        #expect(Set(source.keys) == ["document", "section", "title", "version", "updated", "note"])
        let rlhf = try jsonObject(try engine.technology(id: "rlhf").summary)
        #expect(rlhf["trend"] is NSNull)
        let errata = try jsonObject(engine.errata)
        let example = try #require((errata["examples"] as? [[String: Any]])?.first)
        #expect(Set(example.keys) == ["technology", "model", "claimed", "computed", "difference", "erroneous"])
        let table = try jsonObject(try engine.table(id: "moe-vs-dense"))
        #expect(Set(table.keys).isSuperset(of: ["id", "title", "columns", "rows", "tally"]))
        let comparison = try jsonObject(try engine.comparison(id: "moe-vs-dense"))
        #expect(Set(comparison.keys).isSuperset(of: ["id", "title", "approaches", "market", "table", "score", "level", "erratum"]))
        // A validation problem's errors name the field and the reason, nothing internal (no code).
        let validation = APIProblem.unprocessable("Unprocessable request", errors: [.init(pointer: "/adoption", detail: "x")]).json
        #expect(validation.contains(#""errors":[{"pointer":"/adoption","detail":"x"}]"#))
        #expect(!validation.contains("code"))
    }

    @Test func modelFields() throws {
        let json = try jsonObject(try engine.model(id: "formal"))
        #expect(Set(json.keys) == ["id", "name", "description", "formula", "terms", "default"])
        #expect(json["default"] as? Bool == true)
        #expect(try jsonObject(try engine.model(id: "extended"))["default"] as? Bool == false)
        #expect(json["formula"] as? String == "0.4·adoption + 0.3·standardization + 0.3·(1 − controversy)")
    }

    /// Scores and classifications of many requests write valid JSON carrying the typed values:
    /// the same score (read back exactly), level and terms.
    @Test func writtenResultsCarryTheirValues() throws {
        var seed: UInt64 = 2026
        func unit() -> Double {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        let models = engine.models.map(\.id)
        for i in 0..<300 {
            var values = IndicatorValues()
            for indicator in Indicator.scorable {
                let a = unit()
                values[indicator] = i % 4 == 0 ? .range(min(a, 0.5), max(a, 0.5)) : .point(a)
            }
            var request = ScoreRequest(indicators: values, model: .id(models[i % models.count]))
            if i % 7 == 0 { request.extraFields = ["note \"quoted\"\n"] }
            let result = try engine.score(request)
            let json = try jsonObject(result)
            #expect(json["score"] as? Double == result.score)
            #expect((json["level"] as? [String: Any])?["id"] as? String == result.level?.id)
            #expect((json["terms"] as? [Any])?.count == result.terms.count)
            #expect(json["unused"] as? [String] == result.unused)
            let classification = try engine.classify(request)
            let c = try jsonObject(classification)
            #expect(c["score"] as? Double == classification.score)
            #expect((c["level"] as? [String: Any])?["id"] as? String == classification.level?.id)
            #expect((c["levels"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == classification.levels?.map(\.id))
        }
    }

    /// Levels copied from the catalog's fragments give the same bytes as levels written out.
    @Test func sharedLevelsWriteTheSameBytes() throws {
        let fragments = JSONFragments(engine.levels + engine.levels.map(\.reference))
        func both(_ value: some JSONWritable) {
            var shared = JSONWriter(fragments: fragments)
            value.write(to: &shared)
            #expect(shared.bytes == value.jsonBytes)
        }
        for score in [0.0, 0.3, 0.6, 0.95, 1] { both(try engine.classify(score: score)) }
        both(try engine.classify(formal(0.6, 0.7, 0.3)))
        both(try engine.score(formal(0.6, 0.7, 0.3)))
        both(try engine.classify(ScoreRequest(indicators: IndicatorValues([
            .adoption: .range(0.1, 0.9), .standardization: .point(0.5), .controversy: .point(0.2),
        ]))))
        both(try engine.compare(items: [ScoreRequest(technology: "rlhf"), formal(0.6, 0.7, 0.3)]))
    }
}
