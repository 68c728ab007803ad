/// The range a level's profile expects for one indicator (docs/model.md#levels), with the source's own
/// wording (`< 0.3`, `≈ 1`, `[0.5, 0.7]`).
public struct ProfileRange: Sendable, Equatable, Hashable {
    public var indicator: Indicator
    public var interval: Interval
    /// The source's notation for the range.
    public var text: String

    public init(indicator: Indicator, interval: Interval, text: String) {
        self.indicator = indicator
        self.interval = interval
        self.text = text
    }
}
