#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// RFC 3339 date-times in UTC (`2026-12-05T17:45:00Z`, `…00.123Z`): log lines and
/// `check-config`'s certificate expiry. (The access log writes the same form from bytes it
/// caches per second, `AccessLogFormatter`.)
enum RFC3339 {
    /// - Parameter milliseconds: the fraction to write (0...999), or nil for whole seconds.
    static func format(epochSeconds: Int64, milliseconds: Int? = nil) -> String {
        var t = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        let seconds = pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
        return seconds + (milliseconds.map { "." + pad($0, 3) } ?? "") + "Z"
    }
}
