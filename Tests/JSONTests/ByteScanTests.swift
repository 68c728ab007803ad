import Foundation
import Testing
import JSON

/// The word-at-a-time scan against the byte-at-a-time definition it replaces: every byte value
/// at every position of buffers shorter than, equal to and longer than a word, so the tail
/// word and the borrows between bytes are exercised.
@Suite struct ByteScanTests {
    /// The sets the callers ask for: JSON escaping, access-log text quoting, header values.
    static let sets: [(limit: UInt8, a: UInt8, b: UInt8, c: UInt8)] = [
        (0x20, UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\\")),
        (0x21, UInt8(ascii: "\""), UInt8(ascii: "="), 0x7F),
        (0x20, 0x7F, 0x7F, 0x7F),
        (0x80, 0x00, 0x00, 0x00),
    ]

    static func expected(_ bytes: [UInt8], _ s: (limit: UInt8, a: UInt8, b: UInt8, c: UInt8)) -> Bool {
        bytes.contains { $0 < s.limit || $0 == s.a || $0 == s.b || $0 == s.c }
    }

    static func scan(_ bytes: [UInt8], _ s: (limit: UInt8, a: UInt8, b: UInt8, c: UInt8)) -> Bool {
        bytes.withUnsafeBufferPointer { ByteScan.contains($0, below: s.limit, orEqualTo: s.a, s.b, s.c) }
    }

    @Test func everyByteAtEveryPosition() {
        var mismatches: [String] = []
        for s in Self.sets {
            for length in [1, 5, 7, 8, 9, 15, 16, 17, 23] {
                for position in 0..<length {
                    for value in 0...255 {
                        // Plain bytes around the one under test, with high bytes among them.
                        var bytes = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 20) }
                        if length > 3 { bytes[(position + 2) % length] = 0xE6 }
                        bytes[position] = UInt8(value)
                        if Self.scan(bytes, s) != Self.expected(bytes, s) {
                            mismatches.append("limit \(s.limit) byte \(value) at \(position) of \(length)")
                        }
                    }
                }
            }
        }
        #expect(mismatches.isEmpty)
    }

    @Test func emptyAndPlainText() {
        for s in Self.sets {
            #expect(Self.scan([], s) == false)
        }
        let plain = Array("X-Request-ID 7f3a9c21-1 /tables/moe-vs-dense".utf8)
        #expect(Self.scan(plain, Self.sets[0]) == false)
        #expect(Self.scan(plain, Self.sets[1]) == true)   // spaces are quoted in the text log
        #expect(Self.scan(plain, Self.sets[2]) == false)
        #expect(Self.scan(Array("tab\tin a value".utf8), Self.sets[2]) == true)
    }

    /// The JSON writer escapes what needs it wherever it falls (read back by Foundation).
    @Test func writerEscapesAtAnyPosition() throws {
        for length in [1, 8, 9, 17] {
            for position in 0..<length {
                for special in ["\"", "\\", "\n", "\u{01}", "\u{1F}"] {
                    var text = String(repeating: "a", count: length)
                    let index = text.index(text.startIndex, offsetBy: position)
                    text.replaceSubrange(index...index, with: special)
                    var w = JSONWriter()
                    w.string(text)
                    let read = try JSONSerialization.jsonObject(with: Data(w.bytes), options: .fragmentsAllowed)
                    #expect(read as? String == text)
                }
            }
        }
    }
}
