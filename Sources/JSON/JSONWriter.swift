/// The one JSON writer: every response body the service writes goes through it, and problem
/// documents and log lines escape their strings with it, so numbers and escapes are alike
/// everywhere. Compact output, members in the
/// order the caller writes them, `/` unescaped. Values write themselves (`JSONWritable`) straight
/// into one buffer: no intermediate tree, no `Encoder` containers, no key strings built per value.
public struct JSONWriter: Sendable {
    // The writing methods are inlinable: the types that write themselves live in other modules,
    // and a call per member name or number would cost more than the bytes it appends.
    @usableFromInline var out: [UInt8] = []
    @usableFromInline var needsComma = false
    @usableFromInline var nonFinite = false
    /// Values written before, copied instead of written again (see `shared(_:)`).
    @usableFromInline let fragments: JSONFragments?

    /// The document written so far.
    public var bytes: [UInt8] { out }

    /// Set when a NaN or an infinity was asked for (written as `null`): JSON has no such number,
    /// so a caller can refuse the document instead (a calculator's result that overflowed).
    public var wroteNonFiniteNumber: Bool { nonFinite }

    // 1 KiB: a full score or classification (500–900 bytes) is written without regrowing.
    public init(capacity: Int = 1024, fragments: JSONFragments? = nil) {
        self.fragments = fragments
        out.reserveCapacity(capacity)
    }

    @inlinable public mutating func beginObject() { separator(); out.append(UInt8(ascii: "{")); needsComma = false }
    @inlinable public mutating func endObject() { out.append(UInt8(ascii: "}")); needsComma = true }
    @inlinable public mutating func beginArray() { separator(); out.append(UInt8(ascii: "[")); needsComma = false }
    @inlinable public mutating func endArray() { out.append(UInt8(ascii: "]")); needsComma = true }

    @inlinable mutating func separator() {
        if needsComma { out.append(UInt8(ascii: ",")) }
    }

    /// A member name; the value written next belongs to it.
    @inlinable public mutating func key(_ name: StaticString) {
        separator()
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        // Byte by byte: an array literal here would be allocated for every key.
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A member name that is data (indicator names as keys).
    @inlinable public mutating func key(_ name: String) {
        string(name)
        out.append(UInt8(ascii: ":"))
        needsComma = false
    }

    @inlinable public mutating func null() { separator(); literal("null"); needsComma = true }

    /// Fixed text, copied from the binary (no array allocated per call).
    @inlinable mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    @inlinable public mutating func bool(_ value: Bool) {
        separator()
        literal(value ? "true" : "false")
        needsComma = true
    }

    /// The shortest text that reads back as `value` (`5200`, not `5200.0`). Values on a 6-decimal
    /// grid (nearly all the engine computes) are printed from their integer millionths in plain
    /// decimals (`0.00001`, where `JSONEncoder` writes `1e-05`), skipping the general (slow)
    /// shortest-digits conversion; whole numbers below 9·10^15 print as integers.
    @inlinable public mutating func number(_ value: Double) {
        separator()
        needsComma = true
        guard value.isFinite else {
            literal("null")
            nonFinite = true
            return
        }
        let scaled = (value * 1_000_000).rounded()
        if value.magnitude < 1e9, scaled / 1_000_000 == value {
            appendMillionths(Int64(scaled))
            return
        }
        if value == value.rounded(), value.magnitude < 9e15 {
            if value < 0 { out.append(UInt8(ascii: "-")) }
            appendDigits(UInt64(value.magnitude))
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }

    @inlinable public mutating func int(_ value: Int) {
        separator()
        needsComma = true
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(value.magnitude))
    }

    // Digits are set right to left in a stack buffer and appended at once: one capacity check
    // per number, not one per digit.

    @inlinable mutating func appendDigits(_ value: UInt64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var start = buffer.count
            var rest = value
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// `millionths / 10^6` in plain decimals, without trailing zeros (`-0.05`, `12`).
    @inlinable mutating func appendMillionths(_ millionths: Int64) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            var start = buffer.count
            func put(_ byte: UInt8) {
                start -= 1
                buffer[start] = byte
            }
            var whole = millionths.magnitude / 1_000_000
            var fraction = millionths.magnitude % 1_000_000
            if fraction != 0 {
                var width = 6
                while fraction % 10 == 0 {
                    fraction /= 10
                    width -= 1
                }
                for _ in 0..<width {
                    put(UInt8(ascii: "0") + UInt8(fraction % 10))
                    fraction /= 10
                }
                put(UInt8(ascii: "."))
            }
            repeat {
                put(UInt8(ascii: "0") + UInt8(whole % 10))
                whole /= 10
            } while whole > 0
            if millionths < 0 { put(UInt8(ascii: "-")) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    @inlinable public mutating func string(_ value: String) {
        separator()
        needsComma = true
        out.append(UInt8(ascii: "\""))
        var text = value
        text.withUTF8 { utf8 in
            // Most strings need no escaping: copy them whole.
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                out.append(contentsOf: utf8)
                return
            }
            for byte in utf8 { appendEscaped(byte) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string literal, quotes included (problem documents, log lines).
    public static func quoted(_ text: String) -> [UInt8] {
        var writer = JSONWriter(capacity: text.utf8.count + 2)
        writer.string(text)
        return writer.out
    }

    /// `quoted(_:)` as a String, for documents assembled from a few strings.
    public static func quotedText(_ text: String) -> String {
        String(decoding: quoted(text), as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to bytes being assembled elsewhere.
    public static func appendQuoted(_ text: String, to buffer: inout [UInt8]) {
        var writer = JSONWriter(capacity: 0)
        swap(&writer.out, &buffer)
        writer.string(text)
        swap(&writer.out, &buffer)
    }

    @usableFromInline mutating func appendEscaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
        case 0x0D: out.append(contentsOf: [0x5C, 0x72])
        case 0x09: out.append(contentsOf: [0x5C, 0x74])
        case 0..<0x20:
            let digits: StaticString = "0123456789abcdef"
            let hi = digits.utf8Start[Int(byte >> 4)]
            let lo = digits.utf8Start[Int(byte & 0xF)]
            out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hi, lo])
        default: out.append(byte)
        }
    }

    /// Bytes that already are one JSON value (a pre-rendered level).
    @inlinable public mutating func raw(_ json: [UInt8]) {
        separator()
        out.append(contentsOf: json)
        needsComma = true
    }

    @inlinable public mutating func strings(_ values: [String]) {
        beginArray()
        for v in values { string(v) }
        endArray()
    }

    // Explicit nulls: a member the contract always lists, null when there is no value.
    @inlinable public mutating func number(_ value: Double?) { if let value { number(value) } else { null() } }
    @inlinable public mutating func int(_ value: Int?) { if let value { int(value) } else { null() } }
    @inlinable public mutating func string(_ value: String?) { if let value { string(value) } else { null() } }
    @inlinable public mutating func bool(_ value: Bool?) { if let value { bool(value) } else { null() } }

    @inlinable public mutating func value<T: JSONWritable>(_ value: T) { value.write(to: &self) }
    @inlinable public mutating func value<T: JSONWritable>(_ value: T?) {
        if let value { value.write(to: &self) } else { null() }
    }

    /// An immutable object many results share (a level): copied from `fragments` when it is
    /// there, written otherwise. The bytes are the same either way.
    @inlinable public mutating func shared<T: JSONWritable & AnyObject>(_ object: T) {
        if let written = fragments?.bytes(for: object) { raw(written) } else { object.write(to: &self) }
    }
}

/// Objects written once, as JSON, for writers to copy: the levels every score and classification
/// of a catalog version names. Built when the catalog is loaded, read-only afterwards.
public final class JSONFragments: Sendable {
    @usableFromInline let written: [ObjectIdentifier: [UInt8]]
    // Kept alive with their bytes, so no identifier can be reused by another object.
    private let objects: [any JSONWritable & AnyObject & Sendable]

    public init(_ objects: [any JSONWritable & AnyObject & Sendable]) {
        self.objects = objects
        var written: [ObjectIdentifier: [UInt8]] = [:]
        for object in objects { written[ObjectIdentifier(object)] = object.jsonBytes }
        self.written = written
    }

    @inlinable func bytes(for object: AnyObject) -> [UInt8]? { written[ObjectIdentifier(object)] }
}

/// A value that writes itself as JSON: its members, in order, in one place.
public protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}

extension JSONWritable {
    /// The value as UTF-8 JSON.
    @inlinable public var jsonBytes: [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }
}

extension Array: JSONWritable where Element: JSONWritable {
    // Inlinable so that it is specialized for each element type (no generic copy per element).
    @inlinable public func write(to writer: inout JSONWriter) {
        writer.beginArray()
        for element in self { element.write(to: &writer) }
        writer.endArray()
    }
}
