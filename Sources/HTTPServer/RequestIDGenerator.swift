#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Request ids (`HTTPServer.Configuration.requestIDField`, e.g. `X-Request-ID`): a client's id
/// is echoed when it is a sane token (1–128 characters of `A-Z a-z 0-9 - _ . : / + =`, so it
/// cannot inject into logs or headers); otherwise one is generated: a random per-process
/// prefix and a counter, unique without a syscall per request.
/// Eight hex digits of prefix keep the first 16.7 million ids within 15 bytes, which Swift
/// stores inline: no allocation per generated id.
public final class RequestIDGenerator: Sendable {
    /// "1a2b3c4d": eight hex digits as the bytes of one word, stored with one write.
    private let prefix: UInt64
    private let counter = Atomic<UInt64>(0)

    public init() {
        var seed = SystemRandomNumberGenerator()
        let random = seed.next()
        let digits = (0..<8).map { i in Self.hexDigit(random >> UInt64(4 * (7 - i))) }
        prefix = digits.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
    }

    /// The prefix, a dash and the counter in lowercase hex, written in one go (`String(_:radix:)`
    /// is generic and showed up in profiles of the hot path).
    public func next() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        let digits = max(1, (UInt64.bitWidth - n.leadingZeroBitCount + 3) / 4)
        return String(unsafeUninitializedCapacity: 9 + digits) { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            UnsafeMutableRawPointer(base).storeBytes(of: prefix, as: UInt64.self)
            base[8] = UInt8(ascii: "-")
            var rest = n
            for i in stride(from: 8 + digits, to: 8, by: -1) {
                base[i] = Self.hexDigit(rest)
                rest >>= 4
            }
            return 9 + digits
        }
    }

    /// The lowercase hex digit of the low four bits of `value`.
    @inline(__always)
    static func hexDigit(_ value: UInt64) -> UInt8 {
        let nibble = UInt8(truncatingIfNeeded: value) & 0xF
        return nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
    }

    public static func isValid(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard !utf8.isEmpty, utf8.count <= 128 else { return false }
        for b in utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"),
                 UInt8(ascii: "/"), UInt8(ascii: "+"), UInt8(ascii: "="):
                continue
            default: return false
            }
        }
        return true
    }

    public func resolve(_ header: String?) -> String {
        if let header, Self.isValid(header) { return header }
        return next()
    }
}
