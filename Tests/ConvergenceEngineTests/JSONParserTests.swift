import Foundation
import Testing
@testable import ConvergenceEngine
@testable import JSON

@Suite struct JSONParserTests {
    func parse(_ text: String) -> Result<JSONValue, JSONParser.SyntaxError> {
        Result { () throws(JSONParser.SyntaxError) in try JSONParser.parse(Array(text.utf8), options: .configuration) }
    }

    @Test func valuesAndEscapes() throws {
        let value = try parse(#"{"a":[1,-2.5e3,0.25,true,false,null],"s":"q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00收"}"#).get()
        #expect(value == .object([
            ("a", .array([.number(1), .number(-2500), .number(0.25), .bool(true), .bool(false), .null])),
            ("s", .string("q\"\\/\u{08}\u{0C}\n\r\té😀收")),
        ]))
    }

    @Test func agreesWithJSONDecoderOnEveryConfigFile() throws {
        for (path, text) in Engine.embeddedFiles where path.hasSuffix(".json") {
            let ours = try parse(text).get()
            let theirs = try JSONDecoder().decode(FoundationJSON.self, from: Data(text.utf8)).value
            #expect(ours == theirs, "\(path)")
        }
    }

    @Test(arguments: [
        ("{\n  \"id\": 1,\n  oops\n}", "expected a member name in double quotes but found 'o' at line 3, column 3"),
        ("{\"a\": 1, \"a\": 2}", "duplicate member name \"a\" at line 1, column 10"),
        ("[1, 2", "unterminated array: expected ',' or ']' at line 1, column 6"),
        ("[01]", "invalid number: leading zero at line 1, column 2"),
        ("[1.]", "invalid number: digits expected after '.' at line 1, column 2"),
        ("{\"a\": tru}", "invalid literal at line 1, column 7"),
        ("\"tab\there\"", "control character in string (escape it) at line 1, column 5"),
        ("[1e999]", "number 1e999 is out of range at line 1, column 2"),
        ("{} x", "unexpected data after the JSON value at line 1, column 4"),
        ("\"收\" 1", "unexpected data after the JSON value at line 1, column 5"),
        ("", "expected a JSON value but found end of input at line 1, column 1"),
        ("\u{FEFF}[1]x", "unexpected data after the JSON value at line 1, column 5"),
    ])
    func errorsSayWhere(text: String, message: String) {
        guard case .failure(let failure) = parse(text) else {
            Issue.record("\(text) must not parse")
            return
        }
        #expect(failure.location == message)
    }

    @Test func duplicateNamesInLargeObjectsAreFound() {
        // Past 16 members the parser switches from a scan to a set: both sides of the switch.
        let names = (0..<40).map { "k\($0)" }
        func object(_ keys: [String]) -> String { "{" + keys.map { "\"\($0)\": 1" }.joined(separator: ",") + "}" }
        guard case .success(.object(let members)) = parse(object(names)) else {
            Issue.record("distinct names must parse")
            return
        }
        #expect(members.map(\.0) == names)
        for (index, repeated) in [(16, "k3"), (17, "k16"), (30, "k29"), (39, "k0")] {
            var keys = names
            keys[index] = repeated
            guard case .failure(let failure) = parse(object(keys)) else {
                Issue.record("\(repeated) repeated at \(index) must not parse")
                continue
            }
            #expect(failure.message == "duplicate member name \"\(repeated)\"")
        }
        // Many members stay linear in work (a quadratic scan would take seconds here).
        let many = object((0..<60_000).map { "m\($0)" })
        #expect((try? parse(many).get()).map { if case .object(let m) = $0 { m.count } else { 0 } } == 60_000)
    }

    @Test func nonASCIIStringsAreValidatedAndASCIIOnesKept() {
        #expect((try? parse(#"["plain-id","収束","é"]"#).get()) == .array([.string("plain-id"), .string("収束"), .string("é")]))
        guard case .failure(let failure) = Result(catching: { () throws(JSONParser.SyntaxError) in
            try JSONParser.parse([0x22, 0x61, 0xC3, 0x28, 0x22], options: .configuration)
        }) else {
            Issue.record("invalid UTF-8 must not parse")
            return
        }
        #expect(failure.message == "invalid UTF-8 in string")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        guard case .failure(let failure) = parse(deep) else {
            Issue.record("must not parse")
            return
        }
        #expect(failure.message == "nesting deeper than 100 levels")
    }

    @Test func configSyntaxErrorsAreLocated() {
        var files = Engine.embeddedFiles
        files["tables/l2-vs-l1.json"] = "{\n  \"id\": \"l2-vs-l1\",\n  oops\n}"
        #expect(throws: ConfigurationError(problems: [.init(file: "tables/l2-vs-l1.json", pointer: "",
                                                           detail: "invalid JSON: expected a member name in double quotes but found 'o' at line 3, column 3")])) {
            try Engine(files: files)
        }
    }
}

/// Foundation's reading of a document, as a `JSONValue` to compare with the parser's.
private struct FoundationJSON: Decodable {
    var value: JSONValue

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            value = .null
        } else if let b = try? c.decode(Bool.self) {
            value = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            value = .number(n)
        } else if let s = try? c.decode(String.self) {
            value = .string(s)
        } else if let a = try? c.decode([FoundationJSON].self) {
            value = .array(a.map(\.value))
        } else {
            value = .object(try c.decode([String: FoundationJSON].self).map { ($0.key, $0.value.value) })
        }
    }
}

/// Member names are compared by code units (RFC 8259 §8.3), and numbers are read exactly.
@Suite struct JSONParserCodeUnitAndNumberTests {
    func parse(_ text: String) throws(JSONParser.SyntaxError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8), options: .requestBody)
    }

    /// `é` (U+00E9) and `e` + U+0301 are canonically equivalent but different code units, so
    /// two members; the same code units written once plainly and once escaped are a duplicate.
    @Test func namesAreComparedByCodeUnits() throws {
        let small = try parse(#"{"café":1,"cafe\u0301":2}"#)
        guard case .object(let members) = small else { throw JSONParser.SyntaxError(message: "not an object", offset: 0, line: 0, column: 0) }
        #expect(members.count == 2)
        #expect(small["cafe\u{301}"] == .number(2))
        #expect(small["caf\u{E9}"] == .number(1))
        #expect(throws: JSONParser.SyntaxError.self) { try parse(#"{"café":1,"caf\u00e9":2}"#) }
        // The same past 16 members, where names go through a set.
        let filler = (0..<20).map { "\"f\($0)\":0," }.joined()
        let large = try parse("{" + filler + #""café":1,"cafe\u0301":2}"#)
        guard case .object(let many) = large else { return }
        #expect(many.count == 22)
        #expect(throws: JSONParser.SyntaxError.self) { try parse("{" + filler + #""café":1,"caf\u00e9":2}"#) }
    }

    /// Every number reads as the nearest double, the exact fast path and the text fallback alike.
    @Test(arguments: [
        ("0", 0.0), ("-0", -0.0), ("1", 1.0), ("0.1", 0.1), ("0.3", 0.3), ("123.456e-5", 0.00123456),
        ("1e22", 1e22), ("1e23", 1e23), ("9007199254740993", 9007199254740992.0), ("9007199254740992", 9007199254740992.0),
        ("1.7976931348623157e308", 1.7976931348623157e308), ("4.9e-324", Double.leastNonzeroMagnitude), ("2.2250738585072014e-308", 2.2250738585072014e-308),
        ("0.000001", 0.000001), ("1E+2", 100.0), ("-12.5E-1", -1.25), ("1e-400", 0.0),
        ("0.10000000000000000555111512312578270211815834045410156250001", 0.1),
        ("123456789012345678901234567890", 1.2345678901234568e29),
    ])
    func numbersAreTheNearestDouble(text: String, expected: Double) throws {
        guard case .number(let x) = try parse(text) else {
            Issue.record("\(text) is not a number")
            return
        }
        #expect(x == expected && x.sign == expected.sign, "\(text) → \(x)")
    }

    /// Past `maximumEntries` in any array or object the parse stops, naming the container.
    @Test func entriesAreLimited() throws {
        let options = JSONParser.Options.requestBody.limitingEntries(to: 2)
        func stop(_ text: String) -> String? {
            do {
                _ = try JSONParser.parse(Array(text.utf8), options: options)
                return nil
            } catch {
                return error.tooManyEntriesAt
            }
        }
        #expect(stop("[1,2]") == nil)
        #expect(stop(#"{"a":1,"b":2}"#) == nil)
        #expect(stop("[1,2,3]") == "")
        #expect(stop(#"{"a":1,"b":2,"c":3}"#) == "")
        #expect(stop(#"{"a/b":[[1,2,3]]}"#) == "/a~1b/0")
        #expect(stop(#"[{},{"x":{"p":1,"q":2,"r":3}}]"#) == "/1/x")
        // A syntax error is not an entries error.
        #expect(stop("[1,") == nil)
        // Values in all are limited too (64 per entry of the limit), for the whole body: 19
        // values nested in lists of at most 3 pass 3 × 64, and stop a limit of 10 at the root.
        #expect(options.maximumValues == 128)
        let wide = JSONParser.Options.requestBody.limitingEntries(to: 3)
        let many = "[" + Array(repeating: "[[1,2],[3]]", count: 3).joined(separator: ",") + "]"
        #expect((try? JSONParser.parse(Array(many.utf8), options: wide)) != nil)
        var tight = wide
        tight.maximumValues = 10
        do {
            _ = try JSONParser.parse(Array(many.utf8), options: tight)
            Issue.record("must stop")
        } catch {
            #expect(error.tooManyEntriesAt == "" && error.exceededLimit == 10)
        }
        // Member names count, and arrays, objects and strings over 15 bytes count twice: an
        // object of 3 members is 8 (itself twice, 3 names, 3 values), so 2 of them in an array
        // (18) stop a limit of 17 and pass one of 18.
        let members = "[" + Array(repeating: #"{"a":1,"b":2,"c":3}"#, count: 2).joined(separator: ",") + "]"
        func stops(_ text: String, at limit: Int) -> Bool {
            var options = wide
            options.maximumValues = limit
            do {
                _ = try JSONParser.parse(Array(text.utf8), options: options)
                return false
            } catch {
                return error.tooManyEntriesAt == "" && error.exceededLimit == limit
            }
        }
        #expect(!stops(members, at: 18))
        #expect(stops(members, at: 17))
        // A 16-byte string is 2 (held out of line), a 15-byte one 1: with the array, 4 and 3.
        #expect(stops(#"["0123456789abcdef"]"#, at: 3))
        #expect(!stops(#"["0123456789abcde"]"#, at: 3))
        #expect(stops(#"{"0123456789abcdef":1}"#, at: 4))
        #expect(!stops(#"{"0123456789abcde":1}"#, at: 4))
    }

    /// Escapes of every UTF-8 length, next to plain non-ASCII text, decode to the same
    /// string as the plain text; invalid UTF-8 after an escape is still refused.
    @Test func escapesDecodeToTheirScalars() throws {
        #expect(try parse(#""a\u0041\u00e9\u6536\ud83d\ude00é收😀\n""#) == .string("aAé收😀é收😀\n"))
        #expect(try parse(#""\/\"\\\b\f\r\t""#) == .string("/\"\\\u{08}\u{0C}\r\t"))
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse([0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParser.SyntaxError.self) { try parse(#""\ud800x""#) }
    }

    @Test func overflowReachesValidationInRequests() throws {
        #expect(try parse("1e999") == .number(.infinity))
        #expect(try parse("-1e999") == .number(-.infinity))
    }
}

@Suite struct ValidationMergingTests {
    typealias P = ValidationError.Problem

    /// Engine problems at or under a reported pointer are left out, and only those: a pointer
    /// that merely starts with the same characters (`/approaches/10` after `/approaches/1`) stays.
    @Test func problemsUnderReportedPointersAreLeftOut() {
        let input = [P(pointer: "/approaches/1/name", detail: "is required", code: .missing), P(pointer: "/items/2", detail: "bad")]
        let engine = [P(pointer: "/approaches/0/share", detail: "a"), P(pointer: "/approaches/1/name", detail: "b"),
                      P(pointer: "/approaches/10/name", detail: "c"), P(pointer: "/items/2/adoption", detail: "d"),
                      P(pointer: "/items/2", detail: "e"), P(pointer: "/items", detail: "f")]
        let merged = ValidationError.merging(input, engine)
        #expect(merged.map(\.detail) == ["is required", "bad", "a", "c", "f"])
    }

    @Test func theRootCoversEverything() {
        let merged = ValidationError.merging([P(pointer: "", detail: "root")], [P(pointer: "/a", detail: "x"), P(pointer: "", detail: "y")])
        #expect(merged.map(\.detail) == ["root"])
        #expect(ValidationError.merging([], [P(pointer: "/a", detail: "x")]).map(\.detail) == ["x"])
    }
}
