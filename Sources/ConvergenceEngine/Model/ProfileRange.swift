/// The range a level's profile expects for one indicator (docs/model.md#levels), with the source's own
/// wording (`< 0.3`, `≈ 1`, `[0.5, 0.7]`).
public struct ProfileRange: Sendable, Equatable, Hashable, Encodable {
    public var indicator: Indicator
    public var interval: Interval
    /// The source's notation for the range.
    public var text: String

    public init(indicator: Indicator, interval: Interval, text: String) {
        self.indicator = indicator
        self.interval = interval
        self.text = text
    }

    private enum CodingKeys: String, CodingKey { case indicator, min, max, minInclusive, maxInclusive, text }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(indicator, forKey: .indicator)
        try c.encode(interval.lower, forKey: .min)
        try c.encode(interval.upper, forKey: .max)
        try c.encode(interval.lowerInclusive, forKey: .minInclusive)
        try c.encode(interval.upperInclusive, forKey: .maxInclusive)
        try c.encode(text, forKey: .text)
    }
}
