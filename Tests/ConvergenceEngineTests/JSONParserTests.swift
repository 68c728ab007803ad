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
