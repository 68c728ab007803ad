/// Which item leads on one indicator (highest value; lowest for controversy, since less
/// dispute means more convergence), or `tie` when the best value is shared.
public struct IndicatorLeader: Sendable, Equatable, Hashable {
    public var indicator: Indicator
    /// The leading item's label, or `tie`.
    public var leader: String
    /// Index of the leading item; nil on a tie.
    public var index: Int?
    public var value: Double
}
