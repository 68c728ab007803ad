/// Finds whether text needs a closer look (escaping, refusing) eight bytes at a time: the
/// access log's fields and a response's header values are checked on every request, and a
/// check per byte was most of what writing them cost. The JSON writer, the access log and the
/// response head share it, so it lives in the module every other imports.
public enum ByteScan {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `bytes` is below `limit` or equal to `a`, `b` or `c` (repeat one
    /// to look for fewer). `limit` at most 0x80; `a`, `b`, `c` ASCII (below 0x80).
    @inlinable
    public static func contains(_ bytes: UnsafeBufferPointer<UInt8>, below limit: UInt8,
                                orEqualTo a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return false }
        let count = bytes.count
        var offset = 0
        while offset + 8 <= count {
            if matches(base.loadUnaligned(fromByteOffset: offset, as: UInt64.self), limit, a, b, c) { return true }
            offset += 8
        }
        guard offset < count else { return false }
        // The last few bytes: the buffer's last eight again (overlapping is harmless for a yes
        // or no), or, in a buffer shorter than a word, its bytes in a word filled out with 0xFF
        // (matched by nothing asked for). No copy through memory, no call.
        if count >= 8 { return matches(base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self), limit, a, b, c) }
        var tail = UInt64.max
        for i in 0..<count { tail = tail << 8 | UInt64(bytes[i]) }
        return matches(tail, limit, a, b, c)
    }

    /// Whether a byte of `word` is below `limit` or equal to `a`, `b` or `c`. The classic tests
    /// (a byte below n: `(x - n·ones) & ~x & highs`; a zero byte: the same with n = 1, applied to
    /// `x ^ a·ones`) are exact as yes/no answers for n ≤ 0x80.
    @inlinable @inline(__always)
    static func matches(_ word: UInt64, _ limit: UInt8, _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        let below = (word &- ones &* UInt64(limit)) & ~word
        let xa = word ^ (ones &* UInt64(a)), xb = word ^ (ones &* UInt64(b)), xc = word ^ (ones &* UInt64(c))
        let equal = ((xa &- ones) & ~xa) | ((xb &- ones) & ~xb) | ((xc &- ones) & ~xc)
        return (below | equal) & highBits != 0
    }
}
