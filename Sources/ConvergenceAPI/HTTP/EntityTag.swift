/// Strong entity tags from a 64-bit FNV-1a hash of the body plus its length: cheap enough to
/// compute for dynamic GETs, and cached with every pre-rendered response.
public enum EntityTag {
    public static func make(_ body: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return "\"" + hex(hash) + "-" + String(body.count, radix: 16) + "\""
    }

    /// The tag of the gzip variant of the same resource: a different representation needs a
    /// different strong tag (RFC 9110 §8.8.3), so neither validates the other.
    public static func gzipVariant(_ tag: String) -> String {
        String(tag.dropLast()) + "-gz\""
    }

    /// `If-None-Match` uses weak comparison (RFC 9110 §13.1.2): `W/` prefixes are ignored, `*`
    /// matches anything, otherwise the opaque tags must be equal. Pass the tag of the
    /// representation that would be sent (the gzip variant's when it would be gzipped).
    public static func matches(ifNoneMatch: String, tag: String) -> Bool {
        let base = opaque(tag)
        for candidate in ifNoneMatch.split(separator: ",") {
            let trimmed = candidate.trimmingSpaces
            if trimmed == "*" { return true }
            if opaque(String(trimmed)) == base { return true }
        }
        return false
    }

    private static func opaque(_ tag: String) -> String {
        tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
    }

    static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
