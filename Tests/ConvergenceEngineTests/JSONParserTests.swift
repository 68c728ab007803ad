import Foundation
import Testing
@testable import ConvergenceEngine

@Suite struct JSONParserTests {
    func parse(_ text: String) -> Result<JSONValue, JSONParser.Failure> { JSONParser.parse(text) }

    @Test func valuesAndEscapes() throws {
        let value = try parse(#"{"a":[1,-2.5e3,0.25,true,false,null],"s":"q\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00收"}"#).get()
        #expect(value == .object([
            "a": .array([.number(1), .number(-2500), .number(0.25), .bool(true), .bool(false), .null]),
            "s": .string("q\"\\/\u{08}\u{0C}\n\r\té😀收"),
        ]))
    }

    @Test func agreesWithJSONDecoderOnEveryConfigFile() throws {
        for (path, text) in Engine.embeddedFiles where path.hasSuffix(".json") {
            let ours = try parse(text).get()
            let theirs = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            #expect(ours == theirs, "\(path)")
        }
    }

    @Test(arguments: [
        ("{\n  \"id\": 1,\n  oops\n}", "expected a quoted key at line 3, column 3"),
        ("{\"a\": 1, \"a\": 2}", "duplicate key \"a\" at line 1, column 10"),
        ("[1, 2", "unexpected end of text inside an array at line 1, column 6"),
        ("[01]", "expected ',' or ']' in an array at line 1, column 3"),
        ("[1.]", "invalid number: digits expected after '.' at line 1, column 2"),
        ("{\"a\": tru}", "invalid literal: expected true at line 1, column 7"),
        ("\"tab\there\"", "control character in a string (escape it) at line 1, column 5"),
        ("[1e999]", "number 1e999 is out of range at line 1, column 2"),
        ("{} x", "unexpected text after the JSON value at line 1, column 4"),
        ("\"收\" 1", "unexpected text after the JSON value at line 1, column 5"),
        ("", "unexpected end of text: a value was expected at line 1, column 1"),
    ])
    func errorsSayWhere(text: String, message: String) {
        guard case .failure(let failure) = parse(text) else {
            Issue.record("\(text) must not parse")
            return
        }
        #expect(failure.description == message)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        guard case .failure(let failure) = parse(deep) else {
            Issue.record("must not parse")
            return
        }
        #expect(failure.message == "nested too deeply")
    }

    @Test func configSyntaxErrorsAreLocated() {
        var files = Engine.embeddedFiles
        files["tables/l2-vs-l1.json"] = "{\n  \"id\": \"l2-vs-l1\",\n  oops\n}"
        #expect(throws: ConfigurationError(problems: [.init(file: "tables/l2-vs-l1.json", pointer: "",
                                                           detail: "invalid JSON: expected a quoted key at line 3, column 3")])) {
            try Engine(files: files)
        }
    }
}
