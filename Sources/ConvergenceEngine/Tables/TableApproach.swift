/// A value column of a comparison table that stands for an approach.
public struct TableApproach: Sendable, Equatable, Hashable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
