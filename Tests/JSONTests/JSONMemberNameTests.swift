import Testing
import JSON

/// Repeated member names are refused, in small objects and in large ones (where the parser
/// switches from a scan to a hash table that grows), and names are the same only when their
/// code units are (RFC 8259 §8.3): canonically equivalent spellings are two names.
@Suite struct JSONMemberNameTests {
    func parse(_ text: String) -> Result<JSONValue, JSONParser.SyntaxError> {
        Result { () throws(JSONParser.SyntaxError) in try JSONParser.parse(Array(text.utf8)) }
    }

    func object(_ names: [String]) -> String {
        "{" + names.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
    }

    /// Every size across the table's growth, with the repeat of an early, a middle and the
    /// latest name, short names (stored inline) and long ones.
    @Test(arguments: [1, 2, 15, 16, 17, 47, 48, 49, 96, 97, 500, 1000])
    func repeatsAreFoundAtEverySize(count: Int) {
        for prefix in ["k", "a-name-longer-than-fifteen-bytes-"] {
            let names = (0..<count).map { prefix + String($0) }
            guard case .success(.object(let members)) = parse(object(names)) else {
                Issue.record("\(count) distinct names must parse")
                continue
            }
            #expect(members.map(\.0) == names)
            for repeated in Set([names[0], names[count / 2], names[count - 1]]) {
                guard case .failure(let failure) = parse(object(names + [repeated])) else {
                    Issue.record("\(repeated) repeated after \(count) names must not parse")
                    continue
                }
                #expect(failure.message == "duplicate member name \"\(repeated)\"")
            }
        }
    }

    /// Names that differ only past their first bytes, or only in length, are distinct.
    @Test func nearNamesAreDistinct() {
        let names = (0..<40).map { "n" + String(repeating: "x", count: $0) } + (0..<40).map { String(repeating: "y", count: 20) + String($0) }
        guard case .success(.object(let members)) = parse(object(names)) else {
            Issue.record("must parse")
            return
        }
        #expect(members.count == 80)
    }

    @Test func canonicallyEquivalentNamesAreTwoInLargeObjects() throws {
        let filler = (0..<20).map { "f\($0)" }
        // é as one scalar and as e + U+0301: two names; the same escape spelled twice: one.
        let two = try parse(object(filler + ["caf\\u00e9", "cafe\\u0301"])).get()
        #expect(two["caf\u{E9}"] == .number(20))
        #expect(two["cafe\u{301}"] == .number(21))
        guard case .failure(let failure) = parse(object(filler + ["caf\\u00e9", "café"])) else {
            Issue.record("the same code units twice must not parse")
            return
        }
        #expect(failure.message == "duplicate member name \"café\"")
    }
}
