import Foundation
import Testing
@testable import ConvergenceEngine

/// The fast writer produces the same JSON values as the `Encodable` conformances.
@Suite struct JSONWriterTests {
    /// Both texts parse to the same JSON value (numbers compared as exact doubles).
    func same(_ value: some Encodable & JSONWritable, _ note: String = "") throws {
        let encoded = try JSONParser.parse(Array(JSONEncoder().encode(value)))
        let written = try JSONParser.parse(value.jsonBytes)
        #expect(encoded == written, "\(note)")
    }

    @Test func sameAsEncodableOnRandomRequests() throws {
        var g = SeededGenerator(seed: 2026)
        let models = engine.models.map(\.id)
        for i in 0..<300 {
            var values = IndicatorValues()
            for indicator in Indicator.scorable {
                let a = g.unit()
                values[indicator] = g.next() % 4 == 0 ? .range(min(a, 0.5), max(a, 0.5)) : .point(a)
            }
            var request = ScoreRequest(indicators: values, model: .id(models[i % models.count]))
            if i % 7 == 0 { request.extraFields = ["note \"quoted\"\n"] }
            try same(try engine.score(request), "score \(i)")
            try same(try engine.classify(request), "classify \(i)")
        }
        for t in engine.technologies {
            try same(try engine.classify(ScoreRequest(technology: t.id)), t.id)
        }
        for score in [0.0, 0.3, 0.6, 0.600001, 0.95, 1] { try same(try engine.classify(score: score), "\(score)") }
        try same([try engine.score(formal(0.6, 0.7, 0.3)), try engine.score(formal(0.6, 0.6, 0.4))], "batch")
    }

    @Test func sameAsEncodableForComparisonsAndCalculators() throws {
        try same(try engine.analyzeMarket([ApproachShare(name: "MoE", share: 0.6), ApproachShare(name: "Dense", share: 0.4)]))
        try same(try engine.analyzeMarket([ApproachShare(name: "AdamW", share: 0.99)]))
        let items = try engine.compare(items: [ScoreRequest(technology: "reasoning"), ScoreRequest(technology: "rlhf"),
                                               formal(0.6, 0.7, 0.3)], model: .id("formal"))
        try same(items)
        try same(CompareResult.items(try engine.compare(items: [formal(0.6, 0.7, 0.3), formal(0.62, 0.7, 0.3)])))
        try same(CompareResult.market(try engine.analyzeMarket([ApproachShare(name: "A", share: 0.5)])))
        try same(try engine.moeCost(experts: 8, active: 2))
        try same(try engine.moeCost(totalParams: 1e12, activeParams: 1e10))
        try same(try engine.loadImbalance(loads: [1, 2, 3.5]))
        try same(try engine.contextCost(contextTokens: 131_072, retrievedTokens: 4096, width: 4096))
    }

    @Test func numbersAndStrings() throws {
        var w = JSONWriter()
        w.beginArray()
        for x in [5200.0, 0.68, 1e-6, 0.000001234, 1016.062016, 70_368_744_177_664, 1e300, -0.5] { w.number(x) }
        for x in [0.0, -0.000001, 0.1, 0.8675, 0.950003, 999_999_999.5, 0.123456789] { w.number(x) }
        w.string("a\"b\\c\nd\u{01}é收/")
        w.endArray()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [Any])
        #expect(parsed.prefix(15).map { ($0 as? NSNumber)?.doubleValue } == [
            5200, 0.68, 1e-6, 0.000001234, 1016.062016, 70_368_744_177_664, 1e300, -0.5,
            0, -0.000001, 0.1, 0.8675, 0.950003, 999_999_999.5, 0.123456789,
        ])
        #expect(String(decoding: w.bytes, as: UTF8.self).contains(",0,-0.000001,0.1,0.8675,0.950003,999999999.5,0.123456789,"))
        #expect(parsed.last as? String == "a\"b\\c\nd\u{01}é收/")
        #expect(String(decoding: w.bytes, as: UTF8.self).hasPrefix("[5200,0.68,"))
    }
}
