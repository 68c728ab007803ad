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
        line = Array("Date: ".utf8) + Array(HTTPDate.format(epochSeconds: now).utf8) + [0x0D, 0x0A]
    }
}
