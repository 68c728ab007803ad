#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// `X-Request-ID`: a client's id is echoed when it is a sane token (1–128 characters of
/// `A-Z a-z 0-9 - _ . : / + =`, so it cannot inject into logs or headers); otherwise one is
/// generated: a random per-process prefix and a counter, unique without a syscall per request.
/// Eight hex digits of prefix keep the first 16.7 million ids within 15 bytes, which Swift
/// stores inline: no allocation per generated id.
public final class RequestIDGenerator: Sendable {
    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    public init() {
        var seed = SystemRandomNumberGenerator()
        prefix = EntityTag.hex(seed.next()).prefix(8) + "-"
    }

    public func next() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        return prefix + String(n, radix: 16)
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
