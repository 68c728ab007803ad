internal import Glibc
import JSON

/// Byte classes and comparisons the parser (and the response writer) use.
extension HTTPRequestParser {
    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    @inline(__always)
    static func isSchemeByte(_ c: UInt8) -> Bool {
        (c | 0x20) &- 0x61 < 26 || isDigit(c) || c == 0x2B || c == 0x2D || c == 0x2E
    }

    /// tchar (RFC 9110 §5.6.2): DIGIT, ALPHA and `!#$%&'*+-.^_`|~`, as one bit per byte below
    /// 128 (a switch over those ranges cost a dozen instructions per byte of every field name).
    @inline(__always)
    static func isTokenByte(_ c: UInt8) -> Bool {
        let low: UInt64 = 0x03FF_6CFA_0000_0000   // bytes 0–63
        let high: UInt64 = 0x57FF_FFFF_C7FF_FFFE  // bytes 64–127
        if c < 64 { return (low >> UInt64(c)) & 1 != 0 }
        if c < 128 { return (high >> UInt64(c &- 64)) & 1 != 0 }
        return false
    }

    /// A control character a field value may not hold (anything below SP but HTAB, and DEL).
    @inline(__always)
    static func isControl(_ c: UInt8) -> Bool { (c < 0x20 && c != 0x09) || c == 0x7F }

    /// The offset of the first control character in a field value, or nil. Eight bytes at a
    /// time (`ByteScan`); byte by byte only when a byte below SP (HTAB is allowed) or DEL is there.
    @inline(__always)
    static func firstControl(in value: UnsafeBufferPointer<UInt8>) -> Int? {
        guard ByteScan.contains(value, below: 0x20, orEqualTo: 0x7F, 0x7F, 0x7F) else { return nil }
        return value.firstIndex(where: isControl)
    }

    /// `bytes` as a string. Up to 15 bytes (a small string, held inline) through
    /// `String(unsafeUninitializedCapacity:)`, which takes ASCII without the UTF-8 validation
    /// `String(decoding:)` runs (a target, a `Host` value: half the cost of making them);
    /// anything else, and any non-ASCII byte, as `String(decoding:)` (invalid UTF-8 repaired).
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count <= 15, let base = bytes.baseAddress else { return String(decoding: bytes, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            guard let start = out.baseAddress else { return 0 }
            memcpy(start, base, bytes.count)
            return bytes.count
        }
    }

    static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x41...0x46: return Int(c - 0x41 + 10)
        case 0x61...0x66: return Int(c - 0x61 + 10)
        default: return nil
        }
    }

    static func hex(_ c: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(c >> 4)], digits[Int(c & 0xF)]], as: UTF8.self)
    }

    /// ASCII case-insensitive comparison of bytes with a lowercase literal.
    @inline(__always)
    static func equalsLower(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        let l = lower.utf8Start
        for i in 0..<bytes.count {
            var c = bytes[i]
            if c &- 0x41 < 26 { c |= 0x20 }
            if c != l[i] { return false }
        }
        return true
    }

    /// Calls `body` with each comma-separated element, trimmed of whitespace, skipping empties.
    static func forEachToken(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var i = 0
        let n = bytes.count
        while i < n {
            var e = i
            while e < n && bytes[e] != 0x2C { e += 1 }
            var s = i
            var t = e
            while s < t && (bytes[s] == 0x20 || bytes[s] == 0x09) { s += 1 }
            while t > s && (bytes[t - 1] == 0x20 || bytes[t - 1] == 0x09) { t -= 1 }
            if t > s { body(UnsafeBufferPointer(rebasing: bytes[s..<t])) }
            i = e + 1
        }
    }

    /// The method named by `buf[s..<e]`, or nil for one the server does not know.
    static func method(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> HTTPMethod? {
        @inline(__always) func eq(_ literal: StaticString) -> Bool {
            guard e - s == literal.utf8CodeUnitCount else { return false }
            let l = literal.utf8Start
            for i in 0..<(e - s) where buf[s + i] != l[i] { return false }
            return true
        }
        switch e - s {
        case 3: return eq("GET") ? .get : eq("PUT") ? .put : nil
        case 4: return eq("HEAD") ? .head : eq("POST") ? .post : nil
        case 5: return eq("PATCH") ? .patch : eq("TRACE") ? .trace : nil
        case 6: return eq("DELETE") ? .delete : nil
        case 7: return eq("OPTIONS") ? .options : eq("CONNECT") ? .connect : nil
        default: return nil
        }
    }
}
