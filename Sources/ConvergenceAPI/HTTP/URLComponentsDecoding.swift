/// Percent-decoding for paths and `application/x-www-form-urlencoded` query strings.
enum URLDecoding {
    /// Decodes `%XX` once; nil for a malformed escape, invalid UTF-8 or a NUL.
    static func percentDecode(_ text: Substring, plusIsSpace: Bool = false) -> String? {
        let utf8 = text.utf8
        if !utf8.contains(UInt8(ascii: "%")) && !(plusIsSpace && utf8.contains(UInt8(ascii: "+"))) {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            if b == UInt8(ascii: "%") {
                let h = utf8.index(after: i)
                guard h != utf8.endIndex else { return nil }
                let l = utf8.index(after: h)
                guard l != utf8.endIndex, let hi = hexValue(utf8[h]), let lo = hexValue(utf8[l]) else { return nil }
                let v = hi << 4 | lo
                if v == 0 { return nil }
                bytes.append(v)
                i = utf8.index(after: l)
                continue
            }
            bytes.append(plusIsSpace && b == UInt8(ascii: "+") ? UInt8(ascii: " ") : b)
            i = utf8.index(after: i)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Decodes a path segment by segment, so an encoded `/` (`%2F`) can never create a new
    /// segment; a segment that decodes to `/`, `\`, `.` or `..` makes the path invalid (nil).
    static func decodePath(_ path: String) -> String? {
        // Fast path (nearly every request): nothing encoded, no backslash, no dot segment.
        var plain = true
        var previous: UInt8 = 0
        for b in path.utf8 {
            if b == UInt8(ascii: "%") || b == UInt8(ascii: "\\") || (b == UInt8(ascii: ".") && previous == UInt8(ascii: "/")) {
                plain = false
                break
            }
            previous = b
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
