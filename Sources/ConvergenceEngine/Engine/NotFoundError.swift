/// A lookup by id of something the loaded catalog does not have (the API answers 404).
public struct NotFoundError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case model, level, technology, table, comparison
    }

    public var kind: Kind
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    /// e.g. `unknown technology "foo"`.
    public var description: String { "unknown \(kind.rawValue) \"\(id)\"" }
}
