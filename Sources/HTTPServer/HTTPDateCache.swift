internal import Glibc

/// The `Date: ...\r\n` header line (RFC 9110 §5.6.7 IMF-fixdate), re-rendered only when the
/// wall-clock second changes: one `clock_gettime` per event-loop wake-up instead of a format
/// per response. Owned by one event loop (not shared).
struct HTTPDateCache {
    private(set) var line: [UInt8] = []
    private var second = -1

    init() { refresh() }

    mutating func refresh() {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME_COARSE, &ts)
        let now = Int(ts.tv_sec)
        guard now != second else { return }
        second = now
        line = Array("Date: ".utf8) + Self.imfFixdate(now) + [0x0D, 0x0A]
    }

    static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// e.g. "Sun, 06 Nov 1994 08:49:37 GMT"; locale-independent (no strftime).
    static func imfFixdate(_ seconds: Int) -> [UInt8] {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let text = "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) "
            + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        return Array(text.utf8)
    }
}
