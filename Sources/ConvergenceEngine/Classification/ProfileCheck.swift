/// One indicator checked against the level profile: the value, the expected range, `inside`.
public struct ProfileCheck: Sendable, Equatable, Hashable {
    public var indicator: Indicator
    public var value: Double
    public var expected: ProfileRange
    public var inside: Bool

    public init(indicator: Indicator, value: Double, expected: ProfileRange, inside: Bool) {
        self.indicator = indicator
        self.value = value
        self.expected = expected
        self.inside = inside
    }
}
