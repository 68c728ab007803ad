import Foundation
import Testing
import JSON

/// The writer must mean exactly what Foundation's JSONEncoder means for every scalar the service
/// writes: the same strings after escaping, the same numbers after reading back.
@Suite struct JSONWriterFoundationTests {
    /// Both texts parse to the same JSON value (numbers compared as exact doubles).
    func same(_ written: [UInt8], _ reference: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let a = try JSONParser.parse(written)
        let b = try JSONParser.parse(Array(try encoder.encode(reference)))
        #expect(a == b, "\(String(decoding: written, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    @Test func stringsEscapeAsFoundationDoes() throws {
        var texts = ["quote \" backslash \\ newline \n tab \t slash / é", "", "收敛 😀", "\u{7F}\u{80}\u{2028}"]
        texts.append(String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self))
        for text in texts {
            var w = JSONWriter()
            w.string(text)
            try same(w.bytes, text)
            try same(JSONWriter.quoted(text), text)
        }
    }

    @Test func numbersReadBackAsFoundationWritesThem() throws {
        var values: [Double] = [0, -0.0, 5050, 1e-06, -0.25, 70_368_744_177_664, 8.9e15, 9.1e15, 1e300, .leastNonzeroMagnitude,
                                0.1 + 0.2, 1.0 / 3, 123456.789012, 0.000123, 2.5e-5]
        var g = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            values.append(Double(bitPattern: g.next() & 0x7FEF_FFFF_FFFF_FFFF))  // finite, any magnitude
            values.append((Double(Int.random(in: -2_000_000...2_000_000, using: &g)) / 1_000_000))  // the 6-decimal grid
        }
        for x in values {
            var w = JSONWriter()
            w.number(x)
            try same(w.bytes, x)
        }
        for n in [0, 1, -1, Int.max, Int.min] {
            var w = JSONWriter()
            w.int(n)
            try same(w.bytes, n)
        }
    }

    @Test func objectsAndArraysAsFoundationWritesThem() throws {
        struct Sample: Encodable {
            var text = "a/b"
            var whole = 5050.0
            var flag = true
            var list = [1, 2, 3]
            var nested = ["b": [0.5]]
        }
        var w = JSONWriter()
        w.beginObject()
        w.key("text"); w.string("a/b")
        w.key("whole"); w.number(5050)
        w.key("flag"); w.bool(true)
        w.key("list"); w.beginArray(); for i in 1...3 { w.int(i) }; w.endArray()
        w.key("nested"); w.beginObject(); w.key("b"); w.beginArray(); w.number(0.5); w.endArray(); w.endObject()
        w.endObject()
        try same(w.bytes, Sample())
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"text":"a/b","whole":5050,"flag":true,"list":[1,2,3],"nested":{"b":[0.5]}}"#)
    }
}
