import Foundation
import Testing
@testable import ConvergenceEngine

/// The JSON field names the API contract (openapi/openapi.json) fixes.
@Suite struct EncodingTests {
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
        let validation = try JSONEncoder().encode(ValidationError.Problem(pointer: "/adoption", detail: "x"))
        #expect(String(decoding: validation, as: UTF8.self).contains("\"pointer\""))
        #expect(!String(decoding: validation, as: UTF8.self).contains("code"))
    }

    @Test func modelFields() throws {
        let json = try jsonObject(try engine.model(id: "formal"))
        #expect(Set(json.keys) == ["id", "name", "description", "formula", "terms", "default"])
        #expect(json["default"] as? Bool == true)
        #expect(try jsonObject(try engine.model(id: "extended"))["default"] as? Bool == false)
        #expect(json["formula"] as? String == "0.4·adoption + 0.3·standardization + 0.3·(1 − controversy)")
    }
}
