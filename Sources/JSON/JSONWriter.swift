/// The one JSON writer: every response body the service writes goes through it, and problem
/// documents and log lines escape their strings with it, so numbers and escapes are alike
/// everywhere. Compact output, members in the
/// order the caller writes them, `/` unescaped. Values write themselves (`JSONWritable`) straight
/// into one buffer: no intermediate tree, no `Encoder` containers, no key strings built per value.
public struct JSONWriter: Sendable {
    // The writing methods are inlinable: the types that write themselves live in other modules,
    // and a call per member name or number would cost more than the bytes it appends.
    //
    // `out[..<count]` is the document; the rest of `out` is zeroed room. Each value is stored
    // through one pointer after one room check (`write(upTo:_:)`), not appended byte by byte:
    // an `Array.append` checks uniqueness and capacity every time, and a response of a few
    // hundred bytes made that most of its cost.
    @usableFromInline var out: [UInt8]
    @usableFromInline var count = 0
    @usableFromInline var needsComma = false
    @usableFromInline var nonFinite = false
    /// Values written before, copied instead of written again (see `shared(_:)`).
    @usableFromInline let fragments: JSONFragments?

    /// The document written so far (a copy; `takeBytes()` hands it over without one).
    public var bytes: [UInt8] { Array(out[..<count]) }

    /// The document, handed over without copying; the writer is empty afterwards.
    public mutating func takeBytes() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &out)
        taken.removeLast(taken.count - count)
        count = 0
        needsComma = false
        nonFinite = false
        return taken
    }

    /// Set when a NaN or an infinity was asked for (written as `null`): JSON has no such number,
    /// so a caller can refuse the document instead (a calculator's result that overflowed).
    public var wroteNonFiniteNumber: Bool { nonFinite }

    // 1 KiB: a full score or classification (500–900 bytes) is written without regrowing.
    public init(capacity: Int = 1024, fragments: JSONFragments? = nil) {
        self.fragments = fragments
        out = [UInt8](repeating: 0, count: Swift.max(capacity, 16))
    }

    // MARK: Storing bytes

    /// Room for `room` more bytes, then `body` stores at most that many at the end of the
    /// document and says how many it stored.
    @inlinable @inline(__always)
    mutating func write(upTo room: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        if count + room > out.count { grow(to: count + room) }
        let start = count
        let written = out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return body(base + start)
        }
        count += written
    }

    /// Twice the room (or what is needed): a zeroed array (one memset) and a copy of the
    /// document so far. Appending the zeros as a repeated element went byte by byte: for a
    /// batch's 2 MB answer the regrowing cost as much as writing it.
    @usableFromInline mutating func grow(to needed: Int) {
        var bigger = [UInt8](repeating: 0, count: Swift.max(needed, 2 * out.count))
        let written = count
        bigger.withUnsafeMutableBufferPointer { target in
            out.withUnsafeBufferPointer { source in
                guard let to = target.baseAddress, let from = source.baseAddress else { return }
                to.update(from: from, count: written)
            }
        }
        out = bigger
    }

    /// How many separator bytes (`,` after a previous member or element) a value needs: 0 or
    /// 1, stored by `store(_:at:)`. The value after this one will need one.
    @inlinable @inline(__always)
    mutating func takeSeparator() -> Int {
        defer { needsComma = true }
        return needsComma ? 1 : 0
    }

    @inlinable @inline(__always)
    static func store(_ separator: Int, at p: UnsafeMutablePointer<UInt8>) {
        if separator == 1 { p.pointee = UInt8(ascii: ",") }
    }

    /// `bytes` as they are, after the separator when `separate`.
    @inlinable mutating func append(_ bytes: UnsafeRawBufferPointer, separate: Bool) {
        let comma = separate ? takeSeparator() : 0
        write(upTo: bytes.count + 1) { p in
            Self.store(comma, at: p)
            if let source = bytes.baseAddress { (p + comma).update(from: source.assumingMemoryBound(to: UInt8.self), count: bytes.count) }
            return comma + bytes.count
        }
    }

    /// A literal's bytes, in place (see `key(_:)`).
    @inlinable @inline(__always)
    mutating func append(literal: StaticString, separate: Bool) {
        if literal.hasPointerRepresentation {
            append(UnsafeRawBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount), separate: separate)
        } else {
            literal.withUTF8Buffer { append(UnsafeRawBufferPointer($0), separate: separate) }
        }
    }

    @inlinable mutating func byte(_ value: UInt8) {
        write(upTo: 1) { p in
            p.pointee = value
            return 1
        }
    }

    // MARK: Structure

    @inlinable public mutating func beginObject() { opening(UInt8(ascii: "{")) }
    @inlinable public mutating func endObject() { byte(UInt8(ascii: "}")); needsComma = true }
    @inlinable public mutating func beginArray() { opening(UInt8(ascii: "[")) }
    @inlinable public mutating func endArray() { byte(UInt8(ascii: "]")); needsComma = true }

    @inlinable mutating func opening(_ bracket: UInt8) {
        let comma = takeSeparator()
        needsComma = false
        write(upTo: 2) { p in
            Self.store(comma, at: p)
            p[comma] = bracket
            return comma + 1
        }
    }

    /// A member name; the value written next belongs to it. A name fixed in the source: with a
    /// `String` overload beside it, every literal name went through the data path (a `String`
    /// made and checked per member); names that are data use `dataKey(_:)`.
    @inlinable public mutating func key(_ name: StaticString) {
        // The literal's bytes in place: `withUTF8Buffer` cost a closure call per member name.
        // (A literal of one scalar has no pointer: that rare case takes the closure.)
        if name.hasPointerRepresentation {
            key(utf8: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        } else {
            name.withUTF8Buffer { key(utf8: $0) }
        }
    }

    @inlinable @inline(__always)
    mutating func key(utf8: UnsafeBufferPointer<UInt8>) {
        guard Self.needsNoEscaping(utf8) else {
            dataKey(String(decoding: utf8, as: UTF8.self))
            return
        }
        let comma = takeSeparator()
        needsComma = false
        write(upTo: utf8.count + 4) { p in
            Self.store(comma, at: p)
            p[comma] = UInt8(ascii: "\"")
            if let source = utf8.baseAddress { (p + comma + 1).update(from: source, count: utf8.count) }
            p[comma + 1 + utf8.count] = UInt8(ascii: "\"")
            p[comma + 2 + utf8.count] = UInt8(ascii: ":")
            return comma + 3 + utf8.count
        }
    }

    /// A member name with its punctuation, fixed in the source and copied as it is, e.g.
    /// `#","weight":"#`: for the objects written most often (score terms), whose members are
    /// known to come first or after another. The fragment must be valid JSON in its place; the
    /// value written next follows it directly.
    @inlinable public mutating func member(_ fragment: StaticString) {
        append(literal: fragment, separate: false)
        needsComma = false
    }

    /// A member name that is data (indicator names as keys).
    @inlinable public mutating func dataKey(_ name: String) {
        string(name)
        byte(UInt8(ascii: ":"))
        needsComma = false
    }

    @inlinable public mutating func null() { raw("null") }

    @inlinable public mutating func bool(_ value: Bool) {
        raw(value ? "true" : "false")
    }

    // MARK: Numbers

    /// The shortest text that reads back as `value` (`5200`, not `5200.0`). Values on a 6-decimal
    /// grid (nearly all the engine computes) are printed from their integer millionths in plain
    /// decimals (`0.00001`, where `JSONEncoder` writes `1e-05`), skipping the general (slow)
    /// shortest-digits conversion; whole numbers below 9·10^15 print as integers.
    @inlinable public mutating func number(_ value: Double) {
        guard value.isFinite else {
            raw("null")
            nonFinite = true
            return
        }
        let scaled = (value * 1_000_000).rounded()
        if value.magnitude < 1e9, scaled / 1_000_000 == value {
            appendMillionths(Int64(scaled))
            return
        }
        if value == value.rounded(), value.magnitude < 9e15 {
            appendInteger(negative: value < 0, UInt64(value.magnitude))
        } else {
            var text = value.description
            text.withUTF8 { append(UnsafeRawBufferPointer($0), separate: true) }
        }
    }

    @inlinable public mutating func int(_ value: Int) {
        appendInteger(negative: value < 0, UInt64(value.magnitude))
    }

    /// A number's start: the separator (`comma` bytes, see `store`), then `-` when `negative`.
    /// Returns the bytes stored.
    @inlinable @inline(__always)
    static func storeSign(_ negative: Bool, after comma: Int, at p: UnsafeMutablePointer<UInt8>) -> Int {
        store(comma, at: p)
        guard negative else { return comma }
        p[comma] = UInt8(ascii: "-")
        return comma + 1
    }

    @inlinable mutating func appendInteger(negative: Bool, _ magnitude: UInt64) {
        let comma = takeSeparator()
        let digits = DecimalDigits.count(magnitude)
        write(upTo: 22) { p in
            let i = Self.storeSign(negative, after: comma, at: p)
            DecimalDigits.store(magnitude, width: digits, endingAt: p + i + digits)
            return i + digits
        }
    }

    /// `millionths / 10^6` in plain decimals, without trailing zeros (`-0.05`, `12`).
    @inlinable mutating func appendMillionths(_ millionths: Int64) {
        let comma = takeSeparator()
        let whole = millionths.magnitude / 1_000_000
        var fraction = millionths.magnitude % 1_000_000
        var width = 0
        if fraction != 0 {
            width = 6
            while fraction % 10 == 0 {
                fraction /= 10
                width -= 1
            }
        }
        let wholeDigits = DecimalDigits.count(whole)
        let negative = millionths < 0
        write(upTo: 32) { p in
            var i = Self.storeSign(negative, after: comma, at: p) + wholeDigits
            DecimalDigits.store(whole, width: wholeDigits, endingAt: p + i)
            if width > 0 {
                p[i] = UInt8(ascii: ".")
                i += 1 + width
                DecimalDigits.store(fraction, width: width, endingAt: p + i)
            }
            return i
        }
    }

    // MARK: Strings

    @inlinable public mutating func string(_ value: String) {
        var text = value
        text.withUTF8 { string(utf8: $0) }
    }

    /// A string's UTF-8 as a JSON string. Most strings need no escaping: they are copied whole,
    /// with their quotes and separator, in one store.
    @inlinable mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        guard Self.needsNoEscaping(utf8) else {
            escapedString(utf8)
            return
        }
        let comma = takeSeparator()
        write(upTo: utf8.count + 3) { p in
            Self.store(comma, at: p)
            p[comma] = UInt8(ascii: "\"")
            if let source = utf8.baseAddress { (p + comma + 1).update(from: source, count: utf8.count) }
            p[comma + 1 + utf8.count] = UInt8(ascii: "\"")
            return comma + 2 + utf8.count
        }
    }

    /// Fixed text that is one whole JSON value, copied from the binary: a string known to need
    /// no escaping (`"\"adoption\""`, quotes included), a literal.
    @inlinable public mutating func raw(_ json: StaticString) {
        append(literal: json, separate: true)
    }

    /// Whether these bytes go into a JSON string as they are (no control character, quote or
    /// backslash), eight at a time.
    @inlinable @inline(__always)
    public static func needsNoEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        !ByteScan.contains(utf8, below: 0x20, orEqualTo: UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\\"))
    }

    /// A string with something to escape, byte by byte.
    @usableFromInline mutating func escapedString(_ utf8: UnsafeBufferPointer<UInt8>) {
        let comma = takeSeparator()
        if comma == 1 { byte(UInt8(ascii: ",")) }
        byte(UInt8(ascii: "\""))
        for byte in utf8 { appendEscaped(byte) }
        byte(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string literal, quotes included (problem documents, log lines).
    public static func quoted(_ text: String) -> [UInt8] {
        var writer = JSONWriter(capacity: text.utf8.count + 2)
        writer.string(text)
        return writer.takeBytes()
    }

    /// `quoted(_:)` as a String, for documents assembled from a few strings.
    public static func quotedText(_ text: String) -> String {
        String(decoding: quoted(text), as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to bytes being assembled elsewhere.
    public static func appendQuoted(_ text: String, to buffer: inout [UInt8]) {
        var writer = JSONWriter(capacity: text.utf8.count + 2)
        writer.string(text)
        buffer.append(contentsOf: writer.out[..<writer.count])
    }

    @usableFromInline mutating func appendEscaped(_ value: UInt8) {
        switch value {
        case UInt8(ascii: "\""): pair(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): pair(UInt8(ascii: "\\"))
        case 0x0A: pair(UInt8(ascii: "n"))
        case 0x0D: pair(UInt8(ascii: "r"))
        case 0x09: pair(UInt8(ascii: "t"))
        case 0..<0x20:
            let digits: StaticString = "0123456789abcdef"
            let hi = digits.utf8Start[Int(value >> 4)]
            let lo = digits.utf8Start[Int(value & 0xF)]
            write(upTo: 6) { p in
                p[0] = 0x5C; p[1] = 0x75; p[2] = 0x30; p[3] = 0x30; p[4] = hi; p[5] = lo
                return 6
            }
        default: byte(value)
        }
    }

    /// A backslash escape: `\` and `letter`.
    @usableFromInline mutating func pair(_ letter: UInt8) {
        write(upTo: 2) { p in
            p[0] = UInt8(ascii: "\\")
            p[1] = letter
            return 2
        }
    }

    // MARK: Composites

    /// Bytes that already are one JSON value (a pre-rendered level).
    @inlinable public mutating func raw(_ json: [UInt8]) {
        json.withUnsafeBytes { append($0, separate: true) }
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
        return writer.takeBytes()
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
