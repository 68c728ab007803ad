/// Which item leads on one indicator (highest value; lowest for controversy, since less
/// dispute means more convergence), or `tie` when the best value is shared.
public struct IndicatorLeader: Sendable, Equatable, Hashable, Encodable {
    public var indicator: Indicator
    /// The leading item's label, or `tie`.
    public var leader: String
    /// Index of the leading item; nil on a tie.
    public var index: Int?
    public var value: Double

    private enum CodingKeys: String, CodingKey { case indicator, leader, index, value }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(indicator, forKey: .indicator)
        try c.encode(leader, forKey: .leader)
        try c.encode(index, forKey: .index)
        try c.encode(value, forKey: .value)
    }
}
