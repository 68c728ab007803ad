/// Items scored and classified side by side (`POST /compare` with `items`): `items` in request
/// order, `ranking` (item indices by descending score, ties in request order), the
/// per-indicator leader, the `gap` between the first two, and `moreConverged` (the first's
/// label, or `tie` when the gap is below 0.01).
public struct ItemComparison: Sendable, Equatable, Hashable, Encodable {
    public var items: [ComparedItem]
    public var ranking: [Int]
    public var leaders: [IndicatorLeader]
    public var gap: Double
    public var moreConverged: String
    /// Index of the more converged item; nil on a tie.
    public var moreConvergedIndex: Int?
    public var tie: Bool

    private enum CodingKeys: String, CodingKey {
        case items, ranking, leaders, gap, moreConverged, moreConvergedIndex, tie
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(ranking, forKey: .ranking)
        try c.encode(leaders, forKey: .leaders)
        try c.encode(gap, forKey: .gap)
        try c.encode(moreConverged, forKey: .moreConverged)
        try c.encode(moreConvergedIndex, forKey: .moreConvergedIndex)
        try c.encode(tie, forKey: .tie)
    }
}
