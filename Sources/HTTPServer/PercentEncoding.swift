/// Percent-decoding (RFC 3986 §2.1) for paths and query strings.
public enum PercentEncoding {
    /// Decodes `%XX` escapes once (and `+` as space when `plusAsSpace`). Returns nil for a
    /// malformed escape or bytes that are not UTF-8.
    public static func decode(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String? {
        guard let bytes = decodeBytes(text, plusAsSpace: plusAsSpace) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// As `decode`, but the raw bytes (which may include NUL or `/`: callers check).
    public static func decodeBytes(_ text: some StringProtocol, plusAsSpace: Bool = false) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let c = utf8[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < utf8.count, let hi = HTTPRequestParser.hexValue(utf8[i + 1]),
                      let lo = HTTPRequestParser.hexValue(utf8[i + 2]) else { return nil }
                out.append(UInt8(hi << 4 | lo))
                i += 3
            } else {
                out.append(plusAsSpace && c == UInt8(ascii: "+") ? 0x20 : c)
                i += 1
            }
        }
        return out
    }
}
