/// Decimal digits of an unsigned value written straight into memory: counted first, then
/// stored from the last one back. The one digit writer of the JSON writer, the HTTP response
/// head (`Content-Length`) and the access log.
public enum DecimalDigits {
    /// How many decimal digits `value` has (1 for 0).
    @inlinable @inline(__always)
    public static func count(_ value: UInt64) -> Int {
        var n = 1
        var rest = value
        while rest >= 10 {
            rest /= 10
            n += 1
        }
        return n
    }

    /// Stores the `width` lowest decimal digits of `value`, ending just before `end`.
    @inlinable @inline(__always)
    public static func store(_ value: UInt64, width: Int, endingAt end: UnsafeMutablePointer<UInt8>) {
        var rest = value
        var p = end
        for _ in 0..<width {
            p -= 1
            p.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
        }
    }
}
