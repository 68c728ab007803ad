import Foundation
import Testing
@testable import ConvergenceEngine

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
