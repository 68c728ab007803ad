import HTTPServer
import Testing

/// A line over its size limit that also ends badly (a bare LF) is refused for its size however
/// the bytes are split: before, 400 when its LF came in the same read, 414/431 when it did not
/// (the fuzzer's `Fuzz/crashes/status-400-vs-414-split.bin` on branch `bench`).
@Suite struct ParserLimitOrderTests {
    /// The four limit sets of the fuzz target.
    static let fuzzLimits = [
        HTTPParserLimits(),
        HTTPParserLimits(maxRequestLineBytes: 64, maxHeaderBytes: 256, maxHeaderCount: 8, maxBodySize: 128),
        HTTPParserLimits(maxRequestLineBytes: 16, maxHeaderBytes: 48, maxHeaderCount: 2, maxBodySize: 0),
        HTTPParserLimits(maxRequestLineBytes: 200, maxHeaderBytes: 1024, maxHeaderCount: 20, maxBodySize: 4096),
    ]

    /// The fuzzer's reproducer, byte for byte.
    static let reproducer: [UInt8] = [
        0x47, 0x45, 0x54, 0x20, 0x2F, 0x20, 0x48, 0x54, 0x54, 0x47, 0x45, 0x54, 0x20, 0x20, 0x2F, 0x20,
        0x20, 0x48, 0x50, 0x2F, 0x31, 0x54, 0x54, 0x50, 0x2F, 0x2E, 0x0A, 0x0D, 0x48, 0x6F, 0x73, 0x31,
        0x74, 0x20, 0x3A, 0x20, 0xB8, 0x61, 0x0D, 0x31, 0x2E, 0x31, 0x0D, 0x0A, 0x48, 0x6F, 0x0A, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x73, 0x74, 0x3A, 0x20, 0x61, 0x0D, 0x0A, 0x0D, 0x0D,
        0x0A, 0x0A,
    ]

    @Test func fuzzReproducerHasOneOutcomeUnderEveryLimitSet() {
        // Its first line is 26 bytes ending in a bare LF: over a 16-byte limit → 414 (RFC 9112
        // §3: a request line longer than the server accepts), otherwise a bare LF → 400.
        let expected = [400, 400, 414, 400]
        for (limits, status) in zip(Self.fuzzLimits, expected) {
            #expect(parseEverySplit(bytes: Self.reproducer, limits: limits) == [.error(status)], "\(limits)")
        }
    }

    @Test func requestLineOverTheLimitIs414WhateverItsEnding() {
        let limits = HTTPParserLimits(maxRequestLineBytes: 16)
        #expect(parseEverySplit("GET /aaaaaaaaaaaaaaaa HTTP/1.1\nHost: t\r\n\r\n", limits: limits) == [.error(414)])
        // Exactly at the limit (16 bytes), a bare LF is still the error.
        #expect(parseEverySplit("GET /a HTTP/1.1x\nHost: t\r\n\r\n", limits: limits) == [.error(400)])
        // Junk at the first byte stays a 400 even when the line is long.
        #expect(parseEverySplit(" GET /aaaaaaaaaaaaaaaaaaaaaa HTTP/1.1\n", limits: limits) == [.error(400)])
    }

    @Test func headerSectionOverTheLimitIs431WhateverItsEnding() {
        let limits = HTTPParserLimits(maxHeaderBytes: 32)
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: t\r\nX-Long: aaaaaaaaaaaaaaaaaaaa\n\r\n", limits: limits) == [.error(431)])
        #expect(parseEverySplit("GET / HTTP/1.1\r\nHost: t\nX: 1\r\n\r\n", limits: limits) == [.error(400)])
    }

    @Test func trailerSectionOverTheLimitIs431WhateverItsEnding() {
        let limits = HTTPParserLimits(maxHeaderBytes: 64)
        let head = "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n"
        #expect(parseEverySplit(head + "X-Trailer: \(String(repeating: "a", count: 70))\n\r\n", limits: limits) == [.error(431)])
        #expect(parseEverySplit(head + "X: 1\n\r\n", limits: limits) == [.error(400)])
    }
}
