/// Items scored and classified side by side (`POST /compare` with `items`): `items` in request
/// order, `ranking` (item indices by descending score, ties in request order), the
/// per-indicator leader, the `gap` between the first two, and `moreConverged` (the first's
/// label, or `tie` when the gap is below 0.01).
public struct ItemComparison: Sendable, Equatable, Hashable {
    public var items: [ComparedItem]
    public var ranking: [Int]
    public var leaders: [IndicatorLeader]
    public var gap: Double
    public var moreConverged: String
    /// Index of the more converged item; nil on a tie.
    public var moreConvergedIndex: Int?
    public var tie: Bool
}
