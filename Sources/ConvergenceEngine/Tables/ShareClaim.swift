/// A claim of a table row about adoption shares: each of `schemes` schemes holds between `min`
/// and `max` (the L2 state table: 两种方案各占 50-70%). The errata test it (`ClaimFinding`).
public struct ShareClaim: Sendable, Equatable, Hashable {
    public var schemes: Int
    public var min: Double
    public var max: Double
}
