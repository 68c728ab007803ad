import HTTPServer
import Testing

/// Mutated and random inputs: the parser must never trap and must keep its invariants
/// (this is a quick deterministic check; the libFuzzer target goes much further).
@Suite struct ParserRobustnessTests {
    /// xorshift64*: deterministic, so a failure reproduces.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
    }

    static let seeds: [[UInt8]] = [
        "GET /a?b=c HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\n\r\n",
        "POST /score HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello",
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n",
        "GET http://h:1/x HTTP/1.0\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
    ].map { Array($0.utf8) }

    static let interesting: [UInt8] = Array(" \t\r\n:;,=0fF-+/%?#*\u{7F}".utf8) + [0, 0x80, 0xFF]

    @Test func mutatedRequestsNeverTrap() {
        var rng = Generator(state: 0x9E37_79B9_7F4A_7C15)
        let limits = HTTPParserLimits(maxRequestLineBytes: 64, maxHeaderBytes: 128, maxHeaderCount: 4, maxBodySize: 32)
        for round in 0..<20_000 {
            var bytes = Self.seeds[round % Self.seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[i] = Self.interesting.randomElement(using: &rng) ?? 0
                case 1: bytes.insert(Self.interesting.randomElement(using: &rng) ?? 0, at: i)
                case 2: bytes.remove(at: i)
                default: bytes[i] = UInt8.random(in: 0...255, using: &rng)
                }
                if bytes.isEmpty { bytes = [0x47] }
            }
            var chunks: [[UInt8]] = []
            var offset = 0
            while offset < bytes.count {
                let step = Int.random(in: 1...17, using: &rng)
                chunks.append(Array(bytes[offset..<min(bytes.count, offset + step)]))
                offset += step
            }
            let whole = parse(chunks: [bytes], limits: limits).outcomes
            let split = parse(chunks: chunks, limits: limits).outcomes
            // How the bytes were split never changes the outcome.
            if whole != split {
                Issue.record("\(String(decoding: bytes, as: UTF8.self).debugDescription): \(whole) != \(split)")
                return
            }
            for case .request(let request) in whole {
                #expect(request.body.count <= limits.maxBodySize)
                #expect(request.headers.count <= limits.maxHeaderCount)
            }
        }
    }

    @Test func randomBytesNeverTrap() {
        var rng = Generator(state: 42)
        for _ in 0..<5_000 {
            var parser = HTTPRequestParser()
            let bytes = (0..<Int.random(in: 1...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            parser.feed(bytes)
            while !parser.next().isNeedMore {}
        }
    }
}
