import Foundation
import Testing
import JSON

/// The writer's numbers and escapes: values read back exactly, in the compact forms the
/// responses and docs show.
@Suite struct JSONWriterTests {
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

    @Test func membersSeparatorsAndExplicitNulls() {
        var w = JSONWriter()
        w.beginObject()
        w.key("a"); w.int(-12)
        w.key("b"); w.beginArray(); w.bool(true); w.null(); w.string(nil as String?); w.endArray()
        w.key("c"); w.number(nil as Double?)
        w.key("d \"e\""); w.beginObject(); w.endObject()
        w.key("f"); w.strings(["x", "y"])
        w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"a":-12,"b":[true,null,null],"c":null,"d \"e\"":{},"f":["x","y"]}"#)
        #expect(!w.wroteNonFiniteNumber)
    }

    /// JSON has no NaN or infinity: the writer writes null and says so, so the caller can refuse
    /// the document (the API answers 422).
    @Test func nonFiniteNumbersAreFlagged() {
        for x in [Double.nan, .infinity, -.infinity] {
            var w = JSONWriter()
            w.beginArray(); w.number(1); w.number(x); w.endArray()
            #expect(w.wroteNonFiniteNumber)
            #expect(String(decoding: w.bytes, as: UTF8.self) == "[1,null]")
        }
    }

    @Test func quotedTextAppendsToExistingBytes() {
        var out = Array("x=".utf8)
        JSONWriter.appendQuoted("a\tb", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"x="a\tb""#)
        #expect(JSONWriter.quotedText("\u{1F}") == #""\u001f""#)
    }

    /// A shared object is copied from the fragments it was written into once (here the object
    /// changed since, so the copy shows), and written in full by a writer without them.
    @Test func sharedObjectsAreCopiedFromTheirFragments() {
        final class Box: JSONWritable, @unchecked Sendable {
            var name = "first"
            func write(to w: inout JSONWriter) { w.beginObject(); w.key("name"); w.string(name); w.endObject() }
        }
        let box = Box()
        let other = Box()
        let fragments = JSONFragments([box])
        box.name = "second"
        var w = JSONWriter(fragments: fragments)
        w.beginArray(); w.shared(box); w.shared(other); w.endArray()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"[{"name":"first"},{"name":"first"}]"#)
        var plain = JSONWriter()
        plain.shared(box)
        #expect(String(decoding: plain.bytes, as: UTF8.self) == #"{"name":"second"}"#)
    }
}
