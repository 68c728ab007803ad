#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Formats one access-log line straight into bytes: no metadata dictionary, no per-field
/// strings. It sits on every request's path, so it has to cost a few hundred nanoseconds, not
/// microseconds. The line goes out through swift-log as a pre-formatted message.
final class AccessLogFormatter: Sendable {
    let format: ServiceSettings.LogFormat
    /// `2026-11-30T04:27:58.` for the current second, rebuilt once a second.
    private let secondPrefix = Mutex<(second: Int, text: [UInt8])>((-1, []))

    init(format: ServiceSettings.LogFormat) { self.format = format }

    struct Fields {
        var method: String
        var path: String
        var status: Int
        var bytes: Int
        var durationNanoseconds: UInt64
        var requestID: String
        var client: String
        var route: String
    }

    /// The fixed parts of a line as bytes, so each is one `memcpy` (appending a literal's
    /// `.utf8` view goes byte by byte).
    private enum Fragment {
        static let jsonStart = Array(#"{"time":""#.utf8)
        static let jsonMethod = Array(#"","level":"info","logger":"access","message":"request","method":"#.utf8)
        static let jsonPath = Array(#","path":"#.utf8)
        static let jsonStatus = Array(#","status":"#.utf8)
        static let jsonBytes = Array(#","bytes":"#.utf8)
        static let jsonDuration = Array(#","durationMs":"#.utf8)
        static let jsonRequestID = Array(#","requestId":"#.utf8)
        static let jsonClient = Array(#","client":"#.utf8)
        static let jsonRoute = Array(#","route":"#.utf8)
        static let textLevel = Array(" INFO access: ".utf8)
        static let textStatus = Array(" status=".utf8)
        static let textBytes = Array(" bytes=".utf8)
        static let textDuration = Array(" durationMs=".utf8)
        static let textRequestID = Array(" requestId=".utf8)
        static let textClient = Array(" client=".utf8)
        static let textRoute = Array(" route=".utf8)
    }

    func line(_ f: Fields) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256 + f.path.utf8.count)
        switch format {
        case .json:
            out.append(contentsOf: Fragment.jsonStart)
            appendTimestamp(&out)
            out.append(contentsOf: Fragment.jsonMethod)
            appendJSONString(&out, f.method)
            out.append(contentsOf: Fragment.jsonPath)
            appendJSONString(&out, f.path)
            out.append(contentsOf: Fragment.jsonStatus)
            appendInt(&out, f.status)
            out.append(contentsOf: Fragment.jsonBytes)
            appendInt(&out, f.bytes)
            out.append(contentsOf: Fragment.jsonDuration)
            appendMilliseconds(&out, f.durationNanoseconds)
            out.append(contentsOf: Fragment.jsonRequestID)
            appendJSONString(&out, f.requestID)
            out.append(contentsOf: Fragment.jsonClient)
            appendJSONString(&out, f.client)
            out.append(contentsOf: Fragment.jsonRoute)
            appendJSONString(&out, f.route)
            out.append(UInt8(ascii: "}"))
        case .text:
            appendTimestamp(&out)
            out.append(contentsOf: Fragment.textLevel)
            appendText(&out, f.method)
            out.append(UInt8(ascii: " "))
            appendText(&out, f.path)
            out.append(contentsOf: Fragment.textStatus)
            appendInt(&out, f.status)
            out.append(contentsOf: Fragment.textBytes)
            appendInt(&out, f.bytes)
            out.append(contentsOf: Fragment.textDuration)
            appendMilliseconds(&out, f.durationNanoseconds)
            out.append(contentsOf: Fragment.textRequestID)
            appendText(&out, f.requestID)
            out.append(contentsOf: Fragment.textClient)
            appendText(&out, f.client)
            out.append(contentsOf: Fragment.textRoute)
            appendText(&out, f.route)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func appendTimestamp(_ out: inout [UInt8]) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let second = now.tv_sec
        let prefix = secondPrefix.withLock { cache -> [UInt8] in
            if cache.second == second { return cache.text }
            var t = time_t(second)
            var parts = tm()
            gmtime_r(&t, &parts)
            var text: [UInt8] = []
            func pad(_ n: Int32, _ width: Int) {
                let digits = Array(String(n).utf8)
                for _ in digits.count..<max(width, digits.count) { text.append(UInt8(ascii: "0")) }
                text += digits
            }
            pad(parts.tm_year + 1900, 4); text.append(UInt8(ascii: "-"))
            pad(parts.tm_mon + 1, 2); text.append(UInt8(ascii: "-"))
            pad(parts.tm_mday, 2); text.append(UInt8(ascii: "T"))
            pad(parts.tm_hour, 2); text.append(UInt8(ascii: ":"))
            pad(parts.tm_min, 2); text.append(UInt8(ascii: ":"))
            pad(parts.tm_sec, 2); text.append(UInt8(ascii: "."))
            cache = (second, text)
            return text
        }
        out += prefix
        let ms = Int(now.tv_nsec) / 1_000_000
        out.append(UInt8(ascii: "0") + UInt8(ms / 100))
        out.append(UInt8(ascii: "0") + UInt8(ms / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(ms % 10))
        out.append(UInt8(ascii: "Z"))
    }

    private func appendInt(_ out: inout [UInt8], _ value: Int) {
        if value < 0 {
            out.append(UInt8(ascii: "-"))
            appendInt(&out, -value)
            return
        }
        if value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while n > 0 && count < 20 {
                buf[count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buf[i]) }
        }
    }

    /// Milliseconds with three decimals (microsecond resolution).
    private func appendMilliseconds(_ out: inout [UInt8], _ nanoseconds: UInt64) {
        let micros = Int(clamping: nanoseconds / 1000)
        appendInt(&out, micros / 1000)
        out.append(UInt8(ascii: "."))
        let frac = micros % 1000
        out.append(UInt8(ascii: "0") + UInt8(frac / 100))
        out.append(UInt8(ascii: "0") + UInt8(frac / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(frac % 10))
    }

    private func appendJSONString(_ out: inout [UInt8], _ text: String) {
        out.append(UInt8(ascii: "\""))
        var plain = true
        for b in text.utf8 where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain {
            appendUTF8(&out, text)
        } else {
            out += JSONText.quoted(text).utf8.dropFirst().dropLast()
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Text format: values with spaces, quotes or controls are JSON-quoted, so one line stays one line.
    private func appendText(_ out: inout [UInt8], _ text: String) {
        for b in text.utf8 where b <= 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "=") || b == 0x7F {
            out += JSONText.quoted(text).utf8
            return
        }
        if text.isEmpty {
            out += #""""#.utf8
            return
        }
        appendUTF8(&out, text)
    }

    /// A string's bytes in one copy when it is stored contiguously (native strings are).
    @inline(__always)
    private func appendUTF8(_ out: inout [UInt8], _ text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) { return done }
        out.append(contentsOf: text.utf8)
    }
}
