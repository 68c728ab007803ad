/// A comparison as `GET /compare` lists it: a technology with two or more approaches.
public struct ComparisonSummary: Sendable, Equatable, Hashable, Encodable {
    public var id: String
    public var title: String
    public var approaches: [String]
}
