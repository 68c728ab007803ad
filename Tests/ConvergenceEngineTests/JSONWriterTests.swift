import Foundation
import Testing
@testable import ConvergenceEngine

/// The fast writer (scores and classifications, the hot path) produces the same JSON values as
/// the `Encodable` conformances; every other result is served through the API's `FastJSONEncoder`.
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
