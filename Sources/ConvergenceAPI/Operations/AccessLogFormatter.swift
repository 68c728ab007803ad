#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConvergenceEngine
import JSON
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

    /// The line, written once into the string's own storage: its size is bounded up front
    /// (fixed text, numbers, and every variable field at its worst escaping), so there is no
    /// intermediate array and no regrowth.
    func line(_ f: Fields) -> String {
        let variable = f.method.utf8.count + f.path.utf8.count + f.requestID.utf8.count
            + f.client.utf8.count + f.route.utf8.count
        // 6 bytes per input byte is JSON's worst escape (\u00XX); quotes for each of 5 fields.
        let capacity = 400 + 6 * variable + 10
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var out = Cursor(buffer)
            switch format {
            case .json:
                out.append(#"{"time":""#)
                appendTimestamp(&out)
                out.append(#"","level":"info","logger":"access","message":"request","method":"#)
                out.appendJSONString(f.method)
                out.append(#","path":"#)
                out.appendJSONString(f.path)
                out.append(#","status":"#)
                out.appendInt(f.status)
                out.append(#","bytes":"#)
                out.appendInt(f.bytes)
                out.append(#","durationMs":"#)
                out.appendMilliseconds(f.durationNanoseconds)
                out.append(#","requestId":"#)
                out.appendJSONString(f.requestID)
                out.append(#","client":"#)
                out.appendJSONString(f.client)
                out.append(#","route":"#)
                out.appendJSONString(f.route)
                out.append(UInt8(ascii: "}"))
            case .text:
                appendTimestamp(&out)
                out.append(" INFO access: ")
                out.appendText(f.method)
                out.append(UInt8(ascii: " "))
                out.appendText(f.path)
                out.append(" status=")
                out.appendInt(f.status)
                out.append(" bytes=")
                out.appendInt(f.bytes)
                out.append(" durationMs=")
                out.appendMilliseconds(f.durationNanoseconds)
                out.append(" requestId=")
                out.appendText(f.requestID)
                out.append(" client=")
                out.appendText(f.client)
                out.append(" route=")
                out.appendText(f.route)
            }
            return out.count
        }
    }

    private func appendTimestamp(_ out: inout Cursor) {
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
        prefix.withUnsafeBufferPointer { out.append($0) }
        let ms = Int(now.tv_nsec) / 1_000_000
        out.append(UInt8(ascii: "0") + UInt8(ms / 100))
        out.append(UInt8(ascii: "0") + UInt8(ms / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(ms % 10))
        out.append(UInt8(ascii: "Z"))
    }

    /// Writes into a buffer sized by `line` for the worst case; the precondition only guards
    /// that arithmetic.
    private struct Cursor {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count = 0

        init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

        mutating func append(_ byte: UInt8) {
            precondition(count < buffer.count, "access log line over its computed bound")
            buffer[count] = byte
            count += 1
        }

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            precondition(count + bytes.count <= buffer.count, "access log line over its computed bound")
            guard let source = bytes.baseAddress, let target = buffer.baseAddress, !bytes.isEmpty else { return }
            (target + count).update(from: source, count: bytes.count)
            count += bytes.count
        }

        mutating func append(_ text: StaticString) {
            text.withUTF8Buffer { append($0) }
        }

        mutating func append(_ text: String) {
            var text = text
            text.withUTF8 { append($0) }
        }

        mutating func appendInt(_ value: Int) {
            if value < 0 {
                append(UInt8(ascii: "-"))
                // Int.min has no positive counterpart: its magnitude is written as unsigned.
                appendDigits(value.magnitude)
                return
            }
            appendDigits(UInt(value))
        }

        mutating func appendDigits(_ value: UInt) {
            if value < 10 {
                append(UInt8(ascii: "0") + UInt8(value))
                return
            }
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                         UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var n = value
            var width = 0
            withUnsafeMutableBytes(of: &digits) { raw in
                while n > 0 {
                    raw[19 - width] = UInt8(ascii: "0") + UInt8(n % 10)
                    n /= 10
                    width += 1
                }
                append(UnsafeBufferPointer(rebasing: raw.assumingMemoryBound(to: UInt8.self)[(20 - width)...]))
            }
        }

        /// Milliseconds with three decimals (microsecond resolution).
        mutating func appendMilliseconds(_ nanoseconds: UInt64) {
            let micros = Int(clamping: nanoseconds / 1000)
            appendInt(micros / 1000)
            append(UInt8(ascii: "."))
            let frac = micros % 1000
            append(UInt8(ascii: "0") + UInt8(frac / 100))
            append(UInt8(ascii: "0") + UInt8(frac / 10 % 10))
            append(UInt8(ascii: "0") + UInt8(frac % 10))
        }

        /// A JSON string; escaped by `JSONWriter` (as all the service's JSON) when
        /// it needs escaping at all.
        mutating func appendJSONString(_ text: String) {
            if Self.needsNoEscape(text) {
                append(UInt8(ascii: "\""))
                append(text)
                append(UInt8(ascii: "\""))
            } else {
                JSONWriter.quoted(text).withUnsafeBufferPointer { append($0) }
            }
        }

        /// Text format: values with spaces, quotes or controls are JSON-quoted, so one line
        /// stays one line.
        mutating func appendText(_ text: String) {
            if text.isEmpty {
                append(#""""#)
            } else if text.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "=") || $0 == 0x7F }) {
                JSONWriter.quoted(text).withUnsafeBufferPointer { append($0) }
            } else {
                append(text)
            }
        }

        static func needsNoEscape(_ text: String) -> Bool {
            !text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        }
    }
}
