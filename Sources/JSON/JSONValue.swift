/// A parsed JSON document. Config files and request bodies are parsed into this first so that
/// every wrong type or value can be reported with its JSON pointer (all of them, not just the
/// first), and malformed text with its line and column: `JSONDecoder` gives neither in a form a
/// reader can act on.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in document order (names are unique: duplicates are rejected by the parser).
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            // Equal as JSON: member order does not matter (names are unique).
            return a.count == b.count && a.allSatisfy { member in
                b.contains { Self.sameName($0.0, member.0) && $0.1 == member.1 }
            }
        default: return false
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        // By code units, as the parser tells names apart (RFC 8259).
        for (name, value) in members where Self.sameName(name, key) { return value }
        return nil
    }

    /// Whether two member names are the same code units (RFC 8259 §8.3 compares names so; Swift's
    /// `String ==` is canonical equivalence). Lengths first: most names differ there.
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let contiguous = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in pa.elementsEqual(pb) }
        }
        if let same = contiguous ?? nil { return same }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// The JSON type name, for messages like "must be a number, got string".
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The type name with its article, for config messages ("must be a string, got a number").
    public var typeNameWithArticle: String {
        switch self {
        case .null: return "null"
        case .array, .object: return "an " + typeName
        default: return "a " + typeName
        }
    }
}
