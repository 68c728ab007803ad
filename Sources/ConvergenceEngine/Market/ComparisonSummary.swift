/// A comparison as `GET /compare` lists it: a technology with two or more approaches.
public struct ComparisonSummary: Sendable, Equatable, Hashable {
    public var id: String
    public var title: String
    public var approaches: [String]
}
