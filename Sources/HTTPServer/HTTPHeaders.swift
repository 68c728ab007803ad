internal import Glibc
internal import JSON

/// An ordered list of header fields. Names compare case-insensitively (RFC 9110 §5.1);
/// the order and spelling of what was received is kept.
///
/// A response reused for many requests can be `frozen()`: its fields are then validated and
/// rendered to wire bytes once, shared by every copy, and fields added per request go in a
/// small list of their own, so serving it copies no field and checks no value again. Removing
/// or replacing a frozen field in one copy only hides it there (the shared part stays).
public struct HTTPHeaders: Sendable, Sequence {
    public typealias Element = (name: String, value: String)

    /// Fields rendered once (`frozen()`), shared by every copy; they come first.
    @usableFromInline var frozenPart: FrozenFields?
    /// Frozen fields removed from this copy: bit i hides `frozenPart.fields[i]` (a part with
    /// more than 64 fields is copied into `fields` instead).
    @usableFromInline var hiddenFrozen: UInt64
    /// Fields after the frozen ones (all of them for headers that were never frozen). Whoever
    /// adds to it sets the name's bit in `nameLengths`.
    @usableFromInline var fields: [Element]
    /// Bit `n % 64` is set for a name of `n` bytes in `fields` (set on adding, left on
    /// removing: a superset). A lookup of a length no field has is answered without looking:
    /// most lookups (Origin, If-None-Match, a request id) ask for fields a request lacks.
    @usableFromInline var nameLengths: UInt64

    public init() {
        frozenPart = nil
        hiddenFrozen = 0
        fields = []
        nameLengths = 0
    }

    public init(_ fields: [Element]) {
        frozenPart = nil
        hiddenFrozen = 0
        self.fields = fields
        nameLengths = fields.reduce(0) { $0 | Self.lengthBit($1.name.utf8.count) }
    }

    @inlinable @inline(__always)
    static func lengthBit(_ count: Int) -> UInt64 { 1 << UInt64(count & 63) }

    public var count: Int { (frozenPart?.fields.count ?? 0) - hiddenFrozen.nonzeroBitCount + fields.count }

    public func makeIterator() -> Iterator {
        Iterator(frozen: frozenPart?.fields ?? [], hidden: hiddenFrozen, rest: fields)
    }

    public struct Iterator: IteratorProtocol {
        let frozen: [Element]
        let hidden: UInt64
        var index = 0
        var rest: IndexingIterator<[Element]>

        init(frozen: [Element], hidden: UInt64, rest: [Element]) {
            self.frozen = frozen
            self.hidden = hidden
            self.rest = rest.makeIterator()
        }

        public mutating func next() -> Element? {
            while index < frozen.count {
                let i = index
                index += 1
                if !FrozenFields.isHidden(i, in: hidden) { return frozen[i] }
            }
            return rest.next()
        }
    }

    /// The first value of the named field, or nil.
    public subscript(name: String) -> String? {
        if frozenPart == nil && nameLengths & Self.lengthBit(name.utf8.count) == 0 { return nil }
        // The name's bytes are found once, and a field's only when its length matches. By
        // index: iterating the elements copied each one, a retain and a release per string.
        return name.withUTF8Bytes { wanted in
            if let frozen = frozenPart?.fields {
                for i in frozen.indices where Self.isNamed(frozen[i].name, wanted) && !FrozenFields.isHidden(i, in: hiddenFrozen) {
                    return frozen[i].value
                }
            }
            for i in fields.indices where Self.isNamed(fields[i].name, wanted) { return fields[i].value }
            return nil
        }
    }

    /// Whether `name` is `wanted` (bytes), ASCII case-insensitively.
    @inline(__always)
    static func isNamed(_ name: String, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.utf8.count == wanted.count else { return false }
        return name.withUTF8Bytes { sameLetters($0, wanted) }
    }

    /// ASCII case-insensitively; the caller has checked the lengths are equal. Bytes spelled
    /// alike, the usual case (a name or media type against the one expected), with one
    /// `memcmp`; otherwise byte by byte.
    @inline(__always)
    static func sameLetters(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        if let a = x.baseAddress, let b = y.baseAddress, memcmp(a, b, x.count) == 0 { return true }
        for i in 0..<x.count where !sameLetter(x[i], y[i]) { return false }
        return true
    }

    /// Every value of the named field, in order.
    public func values(for name: String) -> [String] {
        compactMap { Self.equalNames($0.name, name) ? $0.value : nil }
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field (a repeated field keeps every value).
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
        nameLengths |= Self.lengthBit(name.utf8.count)
    }

    /// Replaces every field of that name with one value.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    public mutating func remove(_ name: String) {
        if let frozenPart {
            for (i, field) in frozenPart.fields.enumerated() where Self.equalNames(field.name, name) {
                guard i < 64 else {
                    // Past what the mask covers (rare): back to a plain list.
                    self = HTTPHeaders(Array(self))
                    break
                }
                hiddenFrozen |= 1 << UInt64(i)
            }
        }
        if !fields.isEmpty { fields.removeAll { Self.equalNames($0.name, name) } }
    }

    /// These fields with their wire form computed now, for a response sent many times.
    public func frozen() -> HTTPHeaders {
        var copy = HTTPHeaders()
        copy.frozenPart = FrozenFields(Array(self))
        return copy
    }

    /// ASCII case-insensitive comparison without allocating. It compares contiguous bytes
    /// when both strings have them (native and literal ones do). (Not `==` first: that
    /// compares Unicode canonical equivalence, and names compare bytes.)
    public static func equalNames(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return b.withUTF8Bytes { isNamed(a, $0) }
    }

    /// Equal bytes, or the same ASCII letter in either case.
    @inlinable @inline(__always)
    static func sameLetter(_ x: UInt8, _ y: UInt8) -> Bool {
        if x == y { return true }
        let lower = x | 0x20
        return lower == (y | 0x20) && lower >= 0x61 && lower <= 0x7A
    }
}
