/// A table as `GET /tables` lists it.
public struct TableSummary: Sendable, Equatable, Hashable {
    public var id: String
    public var title: String
    public var kind: Table.Kind
    public var columns: [String]
}
