/// An ordered list of header fields. Names compare case-insensitively (RFC 9110 §5.1);
/// the order and spelling of what was received is kept.
public struct HTTPHeaders: Sendable, Sequence {
    public typealias Element = (name: String, value: String)

    @usableFromInline var fields: [Element]

    public init() { fields = [] }

    public init(_ fields: [Element]) { self.fields = fields }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[Element]> { fields.makeIterator() }

    /// The first value of the named field, or nil.
    public subscript(name: String) -> String? {
        for field in fields where Self.equalNames(field.name, name) { return field.value }
        return nil
    }

    /// Every value of the named field, in order.
    public func values(for name: String) -> [String] {
        fields.compactMap { Self.equalNames($0.name, name) ? $0.value : nil }
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field (a repeated field keeps every value).
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    /// Replaces every field of that name with one value.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Self.equalNames($0.name, name) }
    }

    /// ASCII case-insensitive comparison without allocating.
    @inlinable
    public static func equalNames(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        for (x, y) in zip(a.utf8, b.utf8) where x != y {
            let lower = x | 0x20
            guard lower == (y | 0x20), lower >= 0x61, lower <= 0x7A else { return false }
        }
        return true
    }
}
