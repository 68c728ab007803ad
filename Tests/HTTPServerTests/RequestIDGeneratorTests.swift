import HTTPServer
import Testing

/// Ids a client sent are kept only when they are safe in a header and a log line; generated
/// ones are a per-process prefix and a counter.
@Suite struct RequestIDGeneratorTests {
    @Test func requestIDs() {
        #expect(RequestIDGenerator.isValid("abc-123_x.y:z"))
        #expect(!RequestIDGenerator.isValid(""))
        #expect(!RequestIDGenerator.isValid("a b"))
        #expect(!RequestIDGenerator.isValid("a\u{7F}"))
        #expect(!RequestIDGenerator.isValid(String(repeating: "a", count: 129)))
        let ids = RequestIDGenerator()
        #expect(ids.next() != ids.next())
        #expect(ids.resolve("bad id\r\n") != "bad id\r\n")
        // A random 8-hex-digit prefix, a dash, then the counter in lowercase hex (3, 4, … 0x1f).
        var generated: [String] = []
        for _ in 0..<30 { generated.append(ids.next()) }
        let prefix = generated[0].prefix(9)
        #expect(prefix.count == 9 && prefix.last == "-" && prefix.dropLast().allSatisfy(\.isHexDigit))
        #expect(generated.map { String($0.dropFirst(9)) } == (4...33).map { String($0, radix: 16) })
        #expect(generated.allSatisfy { $0.hasPrefix(prefix) && RequestIDGenerator.isValid($0) })
    }
}
