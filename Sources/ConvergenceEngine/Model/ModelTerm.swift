/// One term of a model: `weight × (inverted ? 1 − x : x)`.
public struct ModelTerm: Sendable, Equatable, Hashable {
    public var indicator: Indicator
    public var weight: Double
    public var inverted: Bool

    public init(indicator: Indicator, weight: Double) {
        self.indicator = indicator
        self.weight = weight
        self.inverted = indicator.isInverted
    }
}
