/// A minimal JSON writer for the hot path only, scores and classifications (`POST /score`,
/// `/classify`); every other response goes through the API's generic `FastJSONEncoder`. It stays
/// because the generic encoder is several times slower on these results (release build, score +
/// encode: ~2.0 µs here vs ~6.9 µs; score + classify + encode: ~6.4 µs vs ~38 µs). The output is
/// the same JSON as the `Encodable` conformances produce (same keys, same values, same nulls), in
/// declaration order, without escaping `/`.
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    // 1 KiB: a full score or classification (500–900 bytes) is written without regrowing.
    public init(capacity: Int = 1024) { bytes.reserveCapacity(capacity) }

    mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    /// A member name; the value written next belongs to it.
    mutating func key(_ name: StaticString) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        // Byte by byte: an array literal here would be allocated for every key.
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A member name that is data (indicator names as keys).
    mutating func key(_ name: String) {
        string(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func null() { separator(); literal("null"); needsComma = true }

    /// Fixed text, copied from the binary (no array allocated per call).
    private mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func bool(_ value: Bool) {
        separator()
        literal(value ? "true" : "false")
        needsComma = true
    }

    /// The same number as `JSONEncoder` writes (`5200`, not `5200.0`). Values on the engine's
    /// 6-decimal grid — nearly all it writes — are printed from their integer millionths,
    /// skipping the general (slow) shortest-digits conversion.
    mutating func number(_ value: Double) {
        separator()
        needsComma = true
        guard value.isFinite else {
            literal("null")  // never produced by the engine
            return
        }
        let scaled = (value * 1_000_000).rounded()
        if value.magnitude < 1e9, scaled / 1_000_000 == value {
            let millionths = Int64(scaled)
            if millionths < 0 { bytes.append(UInt8(ascii: "-")) }
            let magnitude = millionths.magnitude
            appendDigits(magnitude / 1_000_000)
            var fraction = magnitude % 1_000_000
            if fraction != 0 {
                bytes.append(UInt8(ascii: "."))
                var width = 6
                while fraction % 10 == 0 {
                    fraction /= 10
                    width -= 1
                }
                var divisor: UInt64 = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
                    divisor /= 10
                }
            }
            return
        }
        if value == value.rounded(), value.magnitude < 1e15 {
            if value < 0 { bytes.append(UInt8(ascii: "-")) }
            appendDigits(UInt64(value.magnitude))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    mutating func int(_ value: Int) {
        separator()
        needsComma = true
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(value.magnitude))
    }

    private mutating func appendDigits(_ value: UInt64) {
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    mutating func string(_ value: String) {
        separator()
        needsComma = true
        bytes.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            // Most strings need no escaping: copy them whole.
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 { appendEscaped(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string literal, quotes included; the API's encoder, problem documents and
    /// log lines escape with it too. (HTTPServer's `ProblemDetails` keeps its own copy: the server
    /// cannot depend on the engine, nor the engine on the server.)
    public static func quoted(_ text: String) -> [UInt8] {
        var writer = JSONWriter(capacity: text.utf8.count + 2)
        writer.string(text)
        return writer.bytes
    }

    private mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
        case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
        case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
        case 0..<0x20:
            let digits: StaticString = "0123456789abcdef"
            let hi = digits.utf8Start[Int(byte >> 4)]
            let lo = digits.utf8Start[Int(byte & 0xF)]
            bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hi, lo])
        default: bytes.append(byte)
        }
    }

    /// Bytes that already are one JSON value (a pre-rendered level).
    mutating func raw(_ json: [UInt8]) {
        separator()
        bytes.append(contentsOf: json)
        needsComma = true
    }

    mutating func strings(_ values: [String]) {
        beginArray()
        for v in values { string(v) }
        endArray()
    }

    mutating func optional<T>(_ value: T?, _ write: (inout JSONWriter, T) -> Void) {
        if let value { write(&self, value) } else { null() }
    }
}

/// A result the engine can write as JSON without `JSONEncoder`.
public protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}

extension JSONWritable {
    /// The value as UTF-8 JSON.
    public var jsonBytes: [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }
}

extension Array: JSONWritable where Element: JSONWritable {
    public func write(to writer: inout JSONWriter) {
        writer.beginArray()
        for element in self { element.write(to: &writer) }
        writer.endArray()
    }
}
