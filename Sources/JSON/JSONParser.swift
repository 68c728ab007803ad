/// The one strict RFC 8259 parser, for config files and request bodies: its errors say where
/// (line, column, byte offset), duplicate member names are rejected (a decoder would silently keep
/// one), members keep document order, and nesting is limited so a hostile body cannot exhaust the stack.
public struct JSONParser {
    /// What differs between config files and request bodies.
    public struct Options: Sendable {
        public var maximumDepth: Int
        /// Editors write a byte order mark into config files; it is not JSON, so only they skip it.
        public var skipsByteOrderMark: Bool
        /// A request's `1e999` reaches validation, which names its field; a config file rejects it here.
        public var allowsOverflow: Bool

        /// Entries of one array or members of one object: past this the parse stops with
        /// `SyntaxError.tooManyEntriesAt`, so a body of a million tiny values is refused after
        /// reading a bounded number of them (a request's lists are capped by `limits.batchItems`).
        public var maximumEntries: Int
        /// Values in the whole document (every number, string, array … counts one): bounds a
        /// body of many small containers, each within `maximumEntries`.
        public var maximumValues: Int

        public init(maximumDepth: Int, skipsByteOrderMark: Bool, allowsOverflow: Bool,
                    maximumEntries: Int = .max, maximumValues: Int = .max) {
            self.maximumDepth = maximumDepth
            self.skipsByteOrderMark = skipsByteOrderMark
            self.allowsOverflow = allowsOverflow
            self.maximumEntries = maximumEntries
            self.maximumValues = maximumValues
        }

        /// Values allowed per entry of the largest list: room for an item's indicators,
        /// ranges, weights and labels many times over.
        public static let valuesPerEntry = 64

        /// The same options with at most `entries` entries per array or object and
        /// `entries × valuesPerEntry` values in all.
        public func limitingEntries(to entries: Int) -> Options {
            var copy = self
            copy.maximumEntries = entries
            copy.maximumValues = entries.multipliedReportingOverflow(by: Self.valuesPerEntry).overflow
                ? .max : entries * Self.valuesPerEntry
            return copy
        }

        public static let requestBody = Options(maximumDepth: 64, skipsByteOrderMark: false, allowsOverflow: true)
        /// Config files nest 6 deep.
        public static let configuration = Options(maximumDepth: 100, skipsByteOrderMark: true, allowsOverflow: false)
    }

    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var offset: Int
        public var line: Int
        public var column: Int
        /// Set when the parse stopped because an array or object at this JSON pointer held more
        /// than `Options.maximumEntries` entries (the text may be valid JSON): not a syntax
        /// error but a request too large, which the API answers 413.
        public var tooManyEntriesAt: String?
        /// With `tooManyEntriesAt`: the limit that was passed (`maximumEntries`, or
        /// `maximumValues` when the whole document held too many values).
        public var exceededLimit: Int?
        public var description: String { "\(location) (byte offset \(offset))" }
        /// The message and where, for people editing a file.
        public var location: String { "\(message) at line \(line), column \(column)" }
    }

    /// The body, read through a pointer: no bounds check or reference count per byte.
    private let bytes: UnsafeBufferPointer<UInt8>
    private let options: Options
    private var i = 0
    private var depth = 0
    private var values = 0
    /// Where strings with escapes are decoded, reused by every such string of the document
    /// (grown as needed, freed when the parse ends).
    private var scratch = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)

    public static func parse(_ bytes: [UInt8], options: Options = .requestBody) throws(SyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(SyntaxError) -> JSONValue in
            var parser = JSONParser(bytes: buffer, options: options)
            defer { parser.scratch.deallocate() }
            if options.skipsByteOrderMark, buffer.starts(with: [0xEF, 0xBB, 0xBF]) { parser.i = 3 }
            parser.skipSpace()
            let value = try parser.value()
            parser.skipSpace()
            guard parser.i == buffer.count else { throw parser.error("unexpected data after the JSON value") }
            return value
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, options: Options) {
        self.bytes = bytes
        self.options = options
    }

    private func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        let position = min(offset ?? i, bytes.count)
        var line = 1
        var column = 1
        var k = 0
        while k < position {
            if bytes[k] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[k] & 0xC0 != 0x80 {
                column += 1
            }
            k += 1
        }
        return SyntaxError(message: message, offset: position, line: line, column: column)
    }

    private mutating func skipSpace() {
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    /// Counts one unit against the document's limit: every value and every member name is one,
    /// and what needs memory of its own (an array, an object, a string longer than the 15 bytes
    /// a Swift string holds inline) one more. The limit bounds the work, and a body's cost is
    /// mostly its allocations: 1 MiB of nested arrays, of wide objects or of 16-byte strings
    /// stops after half as many of them as 1 MiB of small numbers.
    private mutating func countValue() throws(SyntaxError) {
        values += 1
        if values > options.maximumValues {
            var failure = error(
                "more than \(options.maximumValues) values in the document (member names count as values; "
                    + "arrays, objects and strings longer than 15 bytes count twice)")
            failure.tooManyEntriesAt = ""
            failure.exceededLimit = options.maximumValues
            throw failure
        }
    }

    private func describeCurrent() -> String {
        guard i < bytes.count else { return "end of input" }
        let b = bytes[i]
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16)
    }

    private mutating func value() throws(SyntaxError) -> JSONValue {
        guard i < bytes.count else { throw error("expected a JSON value but found end of input") }
        try countValue()
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try countedString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a JSON value but found \(describeCurrent())")
        }
    }

    private mutating func literal(_ word: StaticString) throws(SyntaxError) {
        let start = i
        let count = word.utf8CodeUnitCount
        guard i + count <= bytes.count else { throw error("invalid literal", at: start) }
        let p = word.utf8Start
        for k in 0..<count where bytes[i + k] != p[k] { throw error("invalid literal", at: start) }
        i += count
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > options.maximumDepth { throw error("nesting deeper than \(options.maximumDepth) levels") }
    }

    private mutating func object() throws(SyntaxError) -> JSONValue {
        if try opensEmpty(closingWith: UInt8(ascii: "}")) { return .object([]) }
        var members: [(String, JSONValue)] = []
        // Duplicate names: a linear scan for small objects, a hash table once an object is large
        // (a 1 MiB body of tiny members must not cost a quadratic number of comparisons). Names
        // are compared by code units (RFC 8259 §8.3), never by Unicode canonical equivalence:
        // `"café"` and `"cafe\u0301"` are two members.
        var names: NameSet?
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                throw error("expected a member name in double quotes but found \(describeCurrent())")
            }
            let keyStart = i
            try countValue()
            let key = try countedString()
            let duplicate: Bool
            if names != nil {
                duplicate = names?.insert(key, at: members.count, of: members) == false
            } else {
                duplicate = members.contains(where: { JSONValue.sameName($0.0, key) })
                if !duplicate, members.count >= 16 {
                    names = NameSet(members)
                    _ = names?.insert(key, at: members.count, of: members)
                }
            }
            if duplicate { throw error("duplicate member name \"\(Self.excerpt(key))\"", at: keyStart) }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                throw error("expected ':' after a member name but found \(describeCurrent())")
            }
            i += 1
            skipSpace()
            if members.count == options.maximumEntries { throw tooMany() }
            do {
                let member = (key, try value())
                if members.isEmpty { members = [member] } else { members.append(member) }
            } catch {
                throw under(error, token: JSONPointer.join("", key))
            }
            if try closes(with: UInt8(ascii: "}"), "object") { break }
        }
        depth -= 1
        return .object(members)
    }

    private mutating func array() throws(SyntaxError) -> JSONValue {
        if try opensEmpty(closingWith: UInt8(ascii: "]")) { return .array([]) }
        var items: [JSONValue] = []
        while true {
            skipSpace()
            if items.count == options.maximumEntries { throw tooMany() }
            do {
                let item = try value()
                // The first entry allocates the array at once (an append to an empty one goes
                // through the general growth path).
                if items.isEmpty { items = [item] } else { items.append(item) }
            } catch {
                throw under(error, token: "/" + String(items.count))
            }
            if try closes(with: UInt8(ascii: "]"), "array") { break }
        }
        depth -= 1
        return .array(items)
    }

    /// Enters an array or object at its opening bracket (a level deeper, counted); true when
    /// the closing bracket follows at once (an empty container, already left).
    private mutating func opensEmpty(closingWith closing: UInt8) throws(SyntaxError) -> Bool {
        try enter()
        try countValue()
        i += 1
        skipSpace()
        guard i < bytes.count, bytes[i] == closing else { return false }
        i += 1
        depth -= 1
        return true
    }

    /// After an entry: a comma (another entry follows: false) or the closing bracket (true).
    private mutating func closes(with closing: UInt8, _ container: String) throws(SyntaxError) -> Bool {
        skipSpace()
        guard i < bytes.count else {
            throw error("unterminated \(container): expected ',' or '\(Character(Unicode.Scalar(closing)))'")
        }
        if bytes[i] == UInt8(ascii: ",") {
            i += 1
            return false
        }
        if bytes[i] == closing {
            i += 1
            return true
        }
        throw error("expected ',' or '\(Character(Unicode.Scalar(closing)))' but found \(describeCurrent())")
    }

    private mutating func number() throws(SyntaxError) -> Double {
        let start = i
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        // The digits are also read into `mantissa` (while it stays exact) and a decimal exponent,
        // for the exact fast path below.
        var mantissa: UInt64 = 0
        var exact = true
        func digits(_ p: inout Int, _ b: UnsafeBufferPointer<UInt8>, _ mantissa: inout UInt64, _ exact: inout Bool) -> Int {
            let s = p
            while p < b.count, b[p] >= UInt8(ascii: "0"), b[p] <= UInt8(ascii: "9") {
                // mantissa ≤ 2^53 here, so this cannot overflow; past 2^53 it stops growing.
                let next = mantissa * 10 + UInt64(b[p] - UInt8(ascii: "0"))
                if exact, next <= Self.maximumExactMantissa { mantissa = next } else { exact = false }
                p += 1
            }
            return p - s
        }
        guard i < bytes.count else { throw error("invalid number", at: start) }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
                throw error("invalid number: leading zero", at: start)
            }
        } else if digits(&i, bytes, &mantissa, &exact) == 0 {
            throw error("invalid number", at: start)
        }
        var exponent = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fraction = digits(&i, bytes, &mantissa, &exact)
            if fraction == 0 { throw error("invalid number: digits expected after '.'", at: start) }
            exponent -= fraction
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var sign = 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                if bytes[i] == UInt8(ascii: "-") { sign = -1 }
                i += 1
            }
            var written: UInt64 = 0
            var unused = true
            if digits(&i, bytes, &written, &unused) == 0 {
                throw error("invalid number: digits expected in the exponent", at: start)
            }
            // A huge exponent only needs to stay huge (the fast path refuses it anyway).
            exponent += sign * Int(min(written, 1_000_000))
        }
        // Clinger's fast path: an exact mantissa times or over an exact power of ten is one
        // correctly rounded operation, so no text conversion is needed (nearly every number
        // in a request takes it; a 1 MiB array of numbers must not cost a string each).
        if exact, (-22...22).contains(exponent) {
            let m = Double(mantissa)
            let value = exponent < 0 ? m / Self.powersOfTen[-exponent] : m * Self.powersOfTen[exponent]
            return negative ? -value : value
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        guard let value = Double(text) else { throw error("invalid number", at: start) }
        guard options.allowsOverflow || value.isFinite else { throw error("number \(Self.excerpt(text)) is out of range", at: start) }
        return value
    }

    /// 2^53: every whole number up to it is a Double exactly.
    static let maximumExactMantissa: UInt64 = 1 << 53
    static let powersOfTen: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { x, _ in x * 10 } }

    /// A string, counted once more if it is too long to be held inline.
    private mutating func countedString() throws(SyntaxError) -> String {
        let text = try string()
        if text.utf8.count > 15 { try countValue() }
        return text
    }

    /// The end of the run of string bytes from `start` that need no decoding (up to a quote, a
    /// backslash, a control character or the end of the input), and those bytes OR-ed together
    /// (at least 0x80 when one is not ASCII).
    @inline(__always)
    private func plainRun(from start: Int) -> (end: Int, high: UInt8) {
        var k = start
        var high: UInt8 = 0
        while k < bytes.count {
            let b = bytes[k]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
            high |= b
            k += 1
        }
        return (k, high)
    }

    private mutating func string() throws(SyntaxError) -> String {
        let start = i
        // Most strings (keys, ids) have no escape: find the closing quote, then one copy.
        let (k, high) = plainRun(from: i + 1)
        guard k < bytes.count else { throw error("unterminated string", at: start) }
        if bytes[k] == UInt8(ascii: "\\") { return try escapedString(from: start, escape: k, ascii: high < 0x80) }
        if bytes[k] != UInt8(ascii: "\"") { throw error("control character in string (escape it)", at: k) }
        i = k + 1
        let run = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<k])
        // ASCII is valid UTF-8 as it stands: skip the validating path.
        if high < 0x80 { return String(decoding: run, as: UTF8.self) }
        guard let s = String(validating: run, as: UTF8.self) else { throw error("invalid UTF-8 in string", at: start) }
        return s
    }

    /// The rest of a string from its first escape at `escape`: runs and decoded escapes go into
    /// `scratch` (a copy and a few stores each, nothing allocated per escape), and the result is
    /// validated once at the end. `ascii`: the text before `escape` was ASCII.
    private mutating func escapedString(from start: Int, escape: Int, ascii: Bool) throws(SyntaxError) -> String {
        var ascii = ascii
        var written = 0
        var runStart = start + 1
        var k = escape
        while true {
            // bytes[k] is a backslash: the run before it, then the escape.
            let run = k - runStart
            reserveScratch(written + run + 4)
            if run > 0 {
                _ = UnsafeMutableBufferPointer(rebasing: scratch[written..<(written + run)])
                    .update(fromContentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<k]))
                written += run
            }
            k += 1
            guard k < bytes.count else { throw error("unterminated string", at: start) }
            let e = bytes[k]
            k += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch[written] = e; written += 1
            case UInt8(ascii: "b"): scratch[written] = 0x08; written += 1
            case UInt8(ascii: "f"): scratch[written] = 0x0C; written += 1
            case UInt8(ascii: "n"): scratch[written] = 0x0A; written += 1
            case UInt8(ascii: "r"): scratch[written] = 0x0D; written += 1
            case UInt8(ascii: "t"): scratch[written] = 0x09; written += 1
            case UInt8(ascii: "u"):
                i = k
                let scalar = try unicodeEscape()
                k = i
                written += Self.storeUTF8(scalar, at: written, in: scratch)
            default:
                throw error("invalid escape sequence", at: k - 2)
            }
            runStart = k
            let (end, high) = plainRun(from: k)
            k = end
            if high >= 0x80 { ascii = false }
            guard k < bytes.count else { throw error("unterminated string", at: start) }
            if bytes[k] == UInt8(ascii: "\\") { continue }
            if bytes[k] != UInt8(ascii: "\"") { throw error("control character in string (escape it)", at: k) }
            let last = k - runStart
            reserveScratch(written + last)
            if last > 0 {
                _ = UnsafeMutableBufferPointer(rebasing: scratch[written..<(written + last)])
                    .update(fromContentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<k]))
                written += last
            }
            i = k + 1
            let decoded = UnsafeBufferPointer(rebasing: scratch[0..<written])
            // Escapes store whole scalars, so only text copied as it stood can be invalid.
            if ascii { return String(decoding: decoded, as: UTF8.self) }
            guard let s = String(validating: decoded, as: UTF8.self) else { throw error("invalid UTF-8 in string", at: start) }
            return s
        }
    }

    /// The scalar of a `\uXXXX` escape whose hex digits start at `i` (a UTF-16 surrogate pair is
    /// two escapes), `i` moved past it.
    private mutating func unicodeEscape() throws(SyntaxError) -> UInt32 {
        let code = try hex4()
        if (0xDC00...0xDFFF).contains(code) { throw error("unpaired surrogate in \\u escape") }
        guard (0xD800...0xDBFF).contains(code) else { return code }
        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
            throw error("unpaired surrogate in \\u escape")
        }
        i += 2
        let low = try hex4()
        guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in \\u escape") }
        return 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
    }

    /// Room for at least `count` bytes in `scratch`, keeping the first `count` it holds.
    private mutating func reserveScratch(_ count: Int) {
        guard count > scratch.count else { return }
        let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(count, 2 * scratch.count, 256))
        _ = grown.update(fromContentsOf: scratch)
        scratch.deallocate()
        scratch = grown
    }

    /// A scalar value (not a surrogate, at most 0x10FFFF) as 1 to 4 UTF-8 bytes (RFC 3629) at
    /// `offset` of `out`, which has room for 4; returns how many.
    static func storeUTF8(_ v: UInt32, at offset: Int, in out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        switch v {
        case ..<0x80:
            out[offset] = UInt8(v)
            return 1
        case ..<0x800:
            out[offset] = UInt8(0xC0 | (v >> 6))
            out[offset + 1] = UInt8(0x80 | (v & 0x3F))
            return 2
        case ..<0x10000:
            out[offset] = UInt8(0xE0 | (v >> 12))
            out[offset + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
            out[offset + 2] = UInt8(0x80 | (v & 0x3F))
            return 3
        default:
            out[offset] = UInt8(0xF0 | (v >> 18))
            out[offset + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
            out[offset + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
            out[offset + 3] = UInt8(0x80 | (v & 0x3F))
            return 4
        }
    }

    /// The entries limit error for the container being read (its pointer filled in on the way out).
    private func tooMany() -> SyntaxError {
        var failure = error("more than \(options.maximumEntries) entries in one array or object")
        failure.tooManyEntriesAt = ""
        failure.exceededLimit = options.maximumEntries
        return failure
    }

    /// An entries-limit error from inside a container, its pointer moved under `token`.
    private func under(_ failure: SyntaxError, token: String) -> SyntaxError {
        // The document-wide values limit is about the whole body, wherever it was passed.
        guard let pointer = failure.tooManyEntriesAt, failure.exceededLimit != options.maximumValues else { return failure }
        var moved = failure
        moved.tooManyEntriesAt = token + pointer
        return moved
    }

    /// A member name short enough to quote in a message (a name may be most of a 1 MiB body).
    static func excerpt(_ name: String) -> String {
        guard name.unicodeScalars.count > 64 else { return name }
        return String(name.unicodeScalars.prefix(64)) + "…"
    }

    private mutating func hex4() throws(SyntaxError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape")
            }
            value = value * 16 + digit
            i += 1
        }
        return value
    }
}
