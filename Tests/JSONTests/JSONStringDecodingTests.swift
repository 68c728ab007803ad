import Testing
import JSON

/// Strings as RFC 8259 §7 defines them, checked byte for byte: the escapes, `\uXXXX` as UTF-8
/// (RFC 3629 §3 and its examples in §7), surrogate pairs, and the faults a string can hold.
@Suite struct JSONStringDecodingTests {
    func parse(_ bytes: [UInt8]) -> Result<JSONValue, JSONParser.SyntaxError> {
        Result { () throws(JSONParser.SyntaxError) in try JSONParser.parse(bytes) }
    }

    /// The UTF-8 bytes of the one string `text` (a JSON document) holds.
    func decoded(_ text: String) -> [UInt8]? {
        guard case .success(.string(let s)) = parse(Array(text.utf8)) else { return nil }
        return Array(s.utf8)
    }

    func failure(_ bytes: [UInt8]) -> JSONParser.SyntaxError? {
        guard case .failure(let failure) = parse(bytes) else { return nil }
        return failure
    }

    @Test func twoCharacterEscapes() {
        #expect(decoded(#""\"\\\/\b\f\n\r\t""#) == [0x22, 0x5C, 0x2F, 0x08, 0x0C, 0x0A, 0x0D, 0x09])
        #expect(decoded(#""a\nb""#) == [0x61, 0x0A, 0x62])
        #expect(decoded(#""\n""#) == [0x0A])
    }

    @Test(arguments: [
        // Each boundary of the UTF-8 lengths (RFC 3629 §3).
        (#""\u0000""#, [0x00]),
        (#""\u0041""#, [0x41]),
        (#""\u007F""#, [0x7F]),
        (#""\u0080""#, [0xC2, 0x80]),
        (#""\u00e9""#, [0xC3, 0xA9]),
        (#""\u07FF""#, [0xDF, 0xBF]),
        (#""\u0800""#, [0xE0, 0xA0, 0x80]),
        (#""\uFFFF""#, [0xEF, 0xBF, 0xBF]),
        // RFC 3629 §7's examples.
        (#""\u0041\u2262\u0391\u002E""#, [0x41, 0xE2, 0x89, 0xA2, 0xCE, 0x91, 0x2E]),
        (#""\uD55C\uAD6D\uC5B4""#, [0xED, 0x95, 0x9C, 0xEA, 0xB5, 0xAD, 0xEC, 0x96, 0xB4]),
        (#""\u65E5\u672C\u8A9E""#, [0xE6, 0x97, 0xA5, 0xE6, 0x9C, 0xAC, 0xE8, 0xAA, 0x9E]),
        // Surrogate pairs: RFC 8259 §7's G clef, the first and the last supplementary scalar.
        (#""\uD834\uDD1E""#, [0xF0, 0x9D, 0x84, 0x9E]),
        (#""\ud800\udc00""#, [0xF0, 0x90, 0x80, 0x80]),
        (#""\uDBFF\uDFFF""#, [0xF4, 0x8F, 0xBF, 0xBF]),
        // Escapes between text that stands as it is, ASCII or not.
        (#""x\u00e9y""#, [0x78, 0xC3, 0xA9, 0x79]),
        ("\"é\\u00e9é\"", [0xC3, 0xA9, 0xC3, 0xA9, 0xC3, 0xA9]),
        ("\"\\t收\"", [0x09, 0xE6, 0x94, 0xB6]),
    ] as [(String, [UInt8])])
    func unicodeEscapesAreUTF8(text: String, bytes: [UInt8]) {
        #expect(decoded(text) == bytes)
    }

    /// Long runs on both sides of escapes, and a string far longer than any before it.
    @Test func longStringsWithEscapes() {
        let plain = String(repeating: "abc", count: 1000)
        let expected = Array(plain.utf8) + [0x0A] + Array(plain.utf8) + [0xE2, 0x82, 0xAC] + Array("ü".utf8)
        #expect(decoded("\"" + plain + "\\n" + plain + "\\u20ACü\"") == expected)
        let many = String(repeating: #"\u00e9"#, count: 100_000)
        #expect(decoded("\"" + many + "\"") == Array(repeating: [0xC3, 0xA9], count: 100_000).flatMap { $0 })
    }

    /// Each string of a document is decoded on its own: nothing of a longer one before it stays.
    @Test func stringsOfOneDocumentAreIndependent() {
        let text = #"{"long\u00e9name":"\u0041\u0042\u0043\u0044","b":["\n","x\ty",""," \/ ","plain"]}"#
        guard case .success(let value) = parse(Array(text.utf8)) else {
            Issue.record("must parse")
            return
        }
        #expect(value == .object([
            ("long\u{E9}name", .string("ABCD")),
            ("b", .array([.string("\n"), .string("x\ty"), .string(""), .string(" / "), .string("plain")])),
        ]))
    }

    @Test(arguments: [
        // Column of the backslash: the quote is column 1.
        (#""ab\qc""#, "invalid escape sequence at line 1, column 4"),
        (#""\x""#, "invalid escape sequence at line 1, column 2"),
        (#""é\'""#, "invalid escape sequence at line 1, column 3"),
        // Hex digits: where the first one that is not.
        (#""\u12G4""#, "invalid \\u escape at line 1, column 6"),
        (#""\u00""#, "invalid \\u escape at line 1, column 4"),
        // A high surrogate needs a low one right after it, and a low one cannot stand alone.
        (#""\ud800""#, "unpaired surrogate in \\u escape at line 1, column 8"),
        (#""\ud800\n""#, "unpaired surrogate in \\u escape at line 1, column 8"),
        (#""\ud800\ud800""#, "unpaired surrogate in \\u escape at line 1, column 14"),
        (#""\ud800\u0041""#, "unpaired surrogate in \\u escape at line 1, column 14"),
        (#""\udc00\ud800""#, "unpaired surrogate in \\u escape at line 1, column 8"),
        (#""\uDFFF""#, "unpaired surrogate in \\u escape at line 1, column 8"),
        // Unterminated: where the string began.
        (#"["\n"#, "unterminated string at line 1, column 2"),
        (#"["abc\"#, "unterminated string at line 1, column 2"),
        (#"["abc"#, "unterminated string at line 1, column 2"),
        // A raw control character after an escape, and before one.
        ("\"\\n\tx\"", "control character in string (escape it) at line 1, column 4"),
        ("\"a\t\\n\"", "control character in string (escape it) at line 1, column 3"),
    ])
    func faultsSayWhere(text: String, message: String) {
        #expect(failure(Array(text.utf8))?.location == message)
    }

    /// Text copied as it stands is still validated, before, between and after escapes.
    @Test func invalidUTF8AroundEscapesIsRefused() {
        let bad: [UInt8] = [0xC3, 0x28]                       // a lead byte without its continuation
        let escape = Array(#"\n"#.utf8)
        for body in [bad + escape, escape + bad, escape + bad + escape, [0xE2, 0x82] + escape + [0xAC]] {
            #expect(failure([0x22] + body + [0x22])?.message == "invalid UTF-8 in string")
        }
        // A surrogate spelled in UTF-8 (ED A0 80) is not UTF-8 either (RFC 3629 §3).
        #expect(failure([0x22, 0xED, 0xA0, 0x80, 0x5C, 0x6E, 0x22])?.message == "invalid UTF-8 in string")
    }
}
