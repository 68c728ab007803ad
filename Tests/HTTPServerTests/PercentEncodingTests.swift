import HTTPServer
import Testing

/// Percent-decoding (RFC 3986 §2.1), as the service decodes paths and query strings.
@Suite struct PercentEncodingTests {
    @Test func decodesEscapesOnce() {
        #expect(PercentEncoding.decode("a%20b") == "a b")
        #expect(PercentEncoding.decode("%252e") == "%2e")
        #expect(PercentEncoding.decode("%C3%A9") == "é")
    }

    @Test func plusIsASpaceOnlyWhenAsked() {
        #expect(PercentEncoding.decode("a+b") == "a+b")
        #expect(PercentEncoding.decode("a+b", plusAsSpace: true) == "a b")
    }

    @Test func malformedEscapesAndNonUTF8AreRefused() {
        #expect(PercentEncoding.decode("%") == nil)
        #expect(PercentEncoding.decode("%4") == nil)
        #expect(PercentEncoding.decode("%G0") == nil)
        #expect(PercentEncoding.decode("%FF") == nil)   // not UTF-8
    }

    @Test func rawBytesKeepWhatTheCallerMustCheck() {
        #expect(PercentEncoding.decodeBytes("a%00b%2F") == [0x61, 0x00, 0x62, 0x2F])
        #expect(PercentEncoding.decodeBytes("%FF") == [0xFF])
    }
}
