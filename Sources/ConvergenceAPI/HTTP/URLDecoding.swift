import HTTPServer
import JSON

/// Percent-decoding for paths and `application/x-www-form-urlencoded` query strings.
enum URLDecoding {
    /// Decodes `%XX` once (the server's `PercentEncoding`); nil for a malformed escape, invalid
    /// UTF-8 or a NUL.
    static func percentDecode(_ text: Substring, plusIsSpace: Bool = false) -> String? {
        let utf8 = text.utf8
        if !utf8.contains(UInt8(ascii: "%")) && !(plusIsSpace && utf8.contains(UInt8(ascii: "+"))) {
            return String(text)
        }
        guard let bytes = PercentEncoding.decodeBytes(text, plusAsSpace: plusIsSpace), !bytes.contains(0) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Decodes a path segment by segment, so an encoded `/` (`%2F`) can never create a new
    /// segment; a segment that decodes to `/`, `\`, `.` or `..` makes the path invalid (nil).
    static func decodePath(_ path: String) -> String? {
        // Fast path (nearly every request): nothing encoded, no backslash, no dot segment.
        let plain = path.withUTF8Bytes { bytes in
            var previous: UInt8 = 0
            for b in bytes {
                if b == UInt8(ascii: "%") || b == UInt8(ascii: "\\") || (b == UInt8(ascii: ".") && previous == UInt8(ascii: "/")) {
                    return false
                }
                previous = b
            }
            return true
        }
        if plain { return path }
        var out = ""
        out.reserveCapacity(path.utf8.count)
        var first = true
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            if !first { out += "/" }
            first = false
            guard let decoded = percentDecode(segment) else { return nil }
            if decoded.contains("/") || decoded.contains("\\") || decoded == "." || decoded == ".." { return nil }
            out += decoded
        }
        return out
    }
}
