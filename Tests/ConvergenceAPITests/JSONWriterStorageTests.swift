import Foundation
import JSON
import Testing

/// The writer stores values through a pointer into room it keeps ahead of the document: a
/// document larger than the room it started with grows it, and `takeBytes` hands over exactly
/// the document (not the room), leaving the writer empty.
@Suite struct JSONWriterStorageTests {
    @Test func aDocumentLargerThanItsStartingRoomGrowsIt() throws {
        var w = JSONWriter(capacity: 16)
        w.beginArray()
        for i in 0..<300 {
            w.beginObject()
            w.key("item"); w.string("n\"\(i)\"\n")
            w.key("half"); w.number(Double(i) + 0.5)
            w.key("neg"); w.int(-i)
            w.endObject()
        }
        w.endArray()
        let text = String(decoding: w.takeBytes(), as: UTF8.self)
        // RFC 8259: a quote and a line feed in a string are escaped as \" and \n.
        let expected = "[" + (0..<300).map { #"{"item":"n\"\#($0)\"\n","half":\#($0).5,"neg":\#(-$0)}"# }
            .joined(separator: ",") + "]"
        #expect(text == expected)
        #expect(w.bytes.isEmpty)
    }

    @Test func takenBytesAreTheDocumentOnly() {
        var w = JSONWriter(capacity: 4096)
        w.beginObject(); w.key("a"); w.bool(true); w.endObject()
        let copy = w.bytes
        let taken = w.takeBytes()
        #expect(taken == Array(#"{"a":true}"#.utf8))
        #expect(copy == taken)
        w.beginArray(); w.null(); w.endArray()
        #expect(w.bytes == Array("[null]".utf8))
    }
}
