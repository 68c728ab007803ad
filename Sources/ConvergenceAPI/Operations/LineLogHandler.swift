#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON
public import Logging

/// A swift-log handler writing one line per event into a `LogSink`, as JSON lines or as
/// `key=value` text. Known access-log fields come first in a fixed order, so lines diff well.
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    let label: String
    let format: ServiceSettings.LogFormat
    let sink: LogSink

    static let fieldOrder = ["method", "path", "status", "bytes", "durationMs", "requestId", "client", "route"]

    public init(label: String, format: ServiceSettings.LogFormat, level: Logger.Level, sink: LogSink) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Marks an event whose message is already a complete line in this handler's format (the
    /// access log builds its lines itself, without a metadata dictionary per request).
    public static let preformatted: Logger.Metadata = ["_preformatted": "1"]

    public func log(event: LogEvent) {
        // The one key compared directly: cheaper than a hashed lookup, once per request.
        if let extra = event.metadata, extra.count == 1, extra.first?.key == "_preformatted" {
            sink.append(event.message.description)
            return
        }
        // The access log passes all its fields per event and the handler has none: no merge then.
        var merged: Logger.Metadata
        if metadata.isEmpty {
            merged = event.metadata ?? [:]
        } else {
            merged = metadata
            if let extra = event.metadata { merged.merge(extra) { $1 } }
        }
        sink.append(Self.line(level: event.level, label: label, message: event.message.description, metadata: merged, format: format))
    }

    /// One complete line in `format` (also used for the sink's own "lines dropped" notice).
    public static func line(
        level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, format: ServiceSettings.LogFormat
    ) -> String {
        var keys: [String] = []
        keys.reserveCapacity(metadata.count)
        for key in fieldOrder where metadata[key] != nil { keys.append(key) }
        if keys.count < metadata.count {
            keys += metadata.keys.filter { !fieldOrder.contains($0) }.sorted()
        }
        let time = timestamp()
        switch format {
        case .json:
            var line = "{\"time\":\"" + time + "\",\"level\":\"" + level.rawValue + "\",\"logger\":"
                + JSONWriter.quotedText(label) + ",\"message\":" + JSONWriter.quotedText(message)
            for key in keys {
                guard let value = metadata[key] else { continue }
                line += "," + JSONWriter.quotedText(key) + ":" + json(value)
            }
            return line + "}"
        case .text:
            var line = time + " " + level.rawValue.uppercased() + " " + label + ": " + message
            for key in keys {
                guard let value = metadata[key] else { continue }
                line += " " + key + "=" + text(value)
            }
            return line
        }
    }

    static func json(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let s):
            // Numbers logged as strings stay numbers in JSON (status, bytes, durations).
            if let first = s.utf8.first, (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")),
               s.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") }),
               s.utf8.filter({ $0 == UInt8(ascii: ".") }).count <= 1, s.utf8.last != UInt8(ascii: "."),
               !(s.utf8.count > 1 && first == UInt8(ascii: "0") && s.utf8.dropFirst().first != UInt8(ascii: ".")) {
                return s
            }
            return JSONWriter.quotedText(s)
        case .stringConvertible(let c): return JSONWriter.quotedText(c.description)
        case .array(let items): return "[" + items.map(json).joined(separator: ",") + "]"
        case .dictionary(let dict):
            return "{" + dict.keys.sorted().map { JSONWriter.quotedText($0) + ":" + json(dict[$0] ?? .string("")) }.joined(separator: ",") + "}"
        }
    }

    static func text(_ value: Logger.Metadata.Value) -> String {
        let s = value.description
        if s.isEmpty || s.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) { return JSONWriter.quotedText(s) }
        return s
    }

    /// RFC 3339 UTC with milliseconds.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return RFC3339.format(epochSeconds: Int64(now.tv_sec), milliseconds: Int(now.tv_nsec) / 1_000_000)
    }
}
