@testable import ConvergenceAPI
import ConvergenceEngine
import Foundation
import Testing

/// The response encoder must mean exactly what Foundation's JSONEncoder means for every type
/// the service serves (only member order may differ).
@Suite struct FastJSONEncoderTests {
    func same<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fast = try FastJSONEncoder().encode(value)
        let reference = try JSONEncoder().encode(value)
        let a = try JSONParser.parse(fast)
        let b = try JSONParser.parse(Array(reference))
        #expect(a == b, "\(String(decoding: fast, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    @Test func everyServedTypeMatchesFoundation() throws {
        let engine = try Engine.embedded()
        try same(engine.levels)
        try same(engine.models)
        try same(engine.comparisons)
        for c in engine.comparisons { try same(try engine.comparison(id: c.id)) }
        try same(engine.tableSummaries)
        try same(engine.tables)
        try same(try engine.technologySummaries())
        try same(engine.technologies)
        try same(engine.errata)
        var values = IndicatorValues()
        values[.adoption] = .point(0.6)
        values[.standardization] = .point(0.7)
        values[.controversy] = .point(0.3)
        try same(try engine.score(ScoreRequest(indicators: values)))
        try same(try engine.classify(ScoreRequest(indicators: values)))
        try same(try engine.classify(score: 0.99))
        try same(try engine.classify(score: 0.1))
        values[.adoption] = .range(0.5, 0.7)
        try same(try engine.score(ScoreRequest(indicators: values)))
        try same(try engine.compare(items: [ScoreRequest(technology: "rlhf"), ScoreRequest(technology: "reasoning")]))
        try same(try engine.analyzeMarket([ApproachShare(name: "A", share: 0.55), ApproachShare(name: "B", share: 0.45)]))
        try same(try engine.moeCost(experts: 8, active: 2))
        try same(try engine.loadImbalance(loads: [1, 2, 3]))
        try same(try engine.contextCost(contextTokens: 131072, retrievedTokens: 4096, width: 4096))
    }

    @Test func scalarsEscapesAndNumbers() throws {
        struct Sample: Encodable {
            var text = "quote \" backslash \\ newline \n tab \t slash / é"
            var whole = 5050.0
            var small = 1e-06
            var negative = -0.25
            var big = 70_368_744_177_664.0
            var flag = true
            var none: String? = nil
            var list = [1, 2, 3]
            var nested = ["b": [0.5]]
        }
        try same(Sample())
        let text = String(decoding: try FastJSONEncoder().encode(Sample()), as: UTF8.self)
        #expect(text.hasPrefix(#"{"text":"quote \" backslash \\ newline \n tab \t slash / é","whole":5050,"small":1e-06,"negative":-0.25,"big":70368744177664,"flag":true,"#))
        #expect(throws: EncodingError.self) { try FastJSONEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try FastJSONEncoder().encode(["x": Double.infinity]) }
    }

    @Test func outOfOrderWritesFallBackToValidJSON() throws {
        struct Odd: Encodable {
            enum K: String, CodingKey { case a, b, c }
            func encode(to encoder: any Encoder) throws {
                var outer = encoder.container(keyedBy: K.self)
                var inner = outer.nestedContainer(keyedBy: K.self, forKey: .a)
                try outer.encode(1, forKey: .b)
                try inner.encode(2, forKey: .c)  // back into a container already left
            }
        }
        let bytes = try FastJSONEncoder().encode(Odd())
        let value = try JSONParser.parse(bytes)
        #expect(value["a"]?["c"] == .number(2))
        #expect(value["b"] == .number(1))
    }
}
