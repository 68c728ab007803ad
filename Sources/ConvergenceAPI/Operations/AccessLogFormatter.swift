#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConvergenceEngine
import JSON
import Logging
import Synchronization

/// Formats one access-log line straight into bytes: no metadata dictionary, no per-field
/// strings. It sits on every request's path, so it has to cost a few hundred nanoseconds, not
/// microseconds. When the access logger is the service's own `LineLogHandler`, the line is
/// formatted on the stack and copied into its `LogSink` (no string, no swift-log event); any
/// other handler gets it through swift-log as a pre-formatted message.
final class AccessLogFormatter: Sendable {
    let format: ServiceSettings.LogFormat
    /// `2026-11-30T04:27:58.` for the current second, rebuilt once a second. Held inline (no
    /// array to retain and release per line).
    private let secondPrefix = Mutex<(second: Int, text: SecondPrefix)>((-1, SecondPrefix()))

    /// The 20 bytes `YYYY-MM-DDTHH:MM:SS.` (years past 9999 are cut to their last 4 digits; the
    /// clock does not get there).
    struct SecondPrefix {
        static let count = 20
        var bytes: (UInt64, UInt64, UInt64) = (0, 0, 0)
    }

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

    /// Logs the line at info level, as `logger.info` would.
    func log(_ f: Fields, to logger: Logger) {
        guard logger.logLevel <= .info else { return }
        guard let sink = Self.directSink(of: logger) else {
            logger.info(Logger.Message(stringLiteral: line(f)), metadata: LineLogHandler.preformatted)
            return
        }
        write(f, to: sink)
    }

    /// Writes the line into `sink`, formatted on the stack: for a logger whose lines at info
    /// level go to it directly (`directSink(of:)`), found once per state, so a line costs no
    /// copy of the logger and no level check through its handler.
    func write(_ f: Fields, to sink: LogSink) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Self.capacity(f)) { buffer in
            let count = write(f, into: buffer)
            sink.append(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Where `logger` writes its info lines when its handler is the service's own
    /// `LineLogHandler` (nil when it is another handler, or logs nothing at info).
    static func directSink(of logger: Logger) -> LogSink? {
        guard logger.logLevel <= .info else { return nil }
        return (logger.handler as? LineLogHandler)?.sink
    }

    /// The line as a string, written once into the string's own storage.
    func line(_ f: Fields) -> String {
        String(unsafeUninitializedCapacity: Self.capacity(f)) { write(f, into: $0) }
    }

    /// The most bytes `f`'s line can take: fixed text, numbers, and every variable field at its
    /// worst escaping. Writing into storage of this size needs no intermediate array and no
    /// regrowth.
    static func capacity(_ f: Fields) -> Int {
        let variable = f.method.utf8.count + f.path.utf8.count + f.requestID.utf8.count
            + f.client.utf8.count + f.route.utf8.count
        // 6 bytes per input byte is JSON's worst escape (\u00XX); quotes for each of 5 fields.
        return 400 + 6 * variable + 10
    }

    /// Writes the line into `buffer` (at least `capacity(f)` bytes); returns its length.
    private func write(_ f: Fields, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
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

    private func appendTimestamp(_ out: inout Cursor) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let second = Int(now.tv_sec)
        var prefix = secondPrefix.withLock { cache -> SecondPrefix in
            if cache.second != second { cache = (second, Self.prefix(ofSecond: second)) }
            return cache.text
        }
        withUnsafeBytes(of: &prefix.bytes) { raw in
            out.append(UnsafeBufferPointer(rebasing: raw.assumingMemoryBound(to: UInt8.self)[..<SecondPrefix.count]))
        }
        let ms = Int(now.tv_nsec) / 1_000_000
        out.append(UInt8(ascii: "0") + UInt8(ms / 100))
        out.append(UInt8(ascii: "0") + UInt8(ms / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(ms % 10))
        out.append(UInt8(ascii: "Z"))
    }

    static func prefix(ofSecond second: Int) -> SecondPrefix {
        var t = time_t(second)
        var parts = tm()
        gmtime_r(&t, &parts)
        var prefix = SecondPrefix()
        withUnsafeMutableBytes(of: &prefix.bytes) { raw in
            var at = 0
            func put(_ n: Int32, _ width: Int, _ separator: UInt8) {
                var n = Int(n)
                for i in stride(from: width - 1, through: 0, by: -1) {
                    raw[at + i] = UInt8(ascii: "0") + UInt8(n % 10)
                    n /= 10
                }
                raw[at + width] = separator
                at += width + 1
            }
            put(parts.tm_year + 1900, 4, UInt8(ascii: "-"))
            put(parts.tm_mon + 1, 2, UInt8(ascii: "-"))
            put(parts.tm_mday, 2, UInt8(ascii: "T"))
            put(parts.tm_hour, 2, UInt8(ascii: ":"))
            put(parts.tm_min, 2, UInt8(ascii: ":"))
            put(parts.tm_sec, 2, UInt8(ascii: "."))
        }
        return prefix
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
            let n = UInt64(value)
            let width = DecimalDigits.count(n)
            precondition(count + width <= buffer.count, "access log line over its computed bound")
            guard let base = buffer.baseAddress else { return }
            DecimalDigits.store(n, width: width, endingAt: base + count + width)
            count += width
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

        /// A JSON string; escaped by `JSONWriter` (as all the service's JSON) when it needs
        /// escaping at all, which is checked eight bytes at a time.
        mutating func appendJSONString(_ text: String) {
            let plain = text.withUTF8Bytes { source in
                guard JSONWriter.needsNoEscaping(source) else { return false }
                append(UInt8(ascii: "\""))
                append(source)
                append(UInt8(ascii: "\""))
                return true
            }
            if !plain { JSONWriter.quoted(text).withUnsafeBufferPointer { append($0) } }
        }

        /// Text format: values with spaces, quotes or controls are JSON-quoted, so one line
        /// stays one line.
        mutating func appendText(_ text: String) {
            // Space and controls, quote, `=`, DEL make a value quoted.
            let plain = text.withUTF8Bytes { source in
                guard !source.isEmpty, !ByteScan.contains(source, below: 0x21, orEqualTo: UInt8(ascii: "\""), UInt8(ascii: "="), 0x7F)
                else { return false }
                append(source)
                return true
            }
            if !plain { JSONWriter.quoted(text).withUnsafeBufferPointer { append($0) } }
        }
    }
}
