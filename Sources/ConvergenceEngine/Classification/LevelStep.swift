/// What it takes to reach a neighbouring level (`toNext` / `toPrevious` of a classification).
///
/// `score` is the nearest score inside that level (scores are rounded to 6 decimals, so the
/// first score above L2's exclusive 0.80 is 0.800001); `change` is `score − current`.
/// `indicators` gives, per scored indicator of the model, the value that indicator alone must
/// take (others fixed) to reach it, or null when no value in [0, 1] does. It is empty when the
/// classification started from a bare score.
public struct LevelStep: Sendable, Equatable, Hashable {
    public struct IndicatorTarget: Sendable, Equatable, Hashable {
        public var indicator: Indicator
        /// The value needed, or nil when out of [0, 1] (or the indicator has no weight).
        public var value: Double?

        public init(indicator: Indicator, value: Double?) {
            self.indicator = indicator
            self.value = value
        }
    }

    public var level: LevelReference
    public var score: Double
    public var change: Double
    public var indicators: [IndicatorTarget]

    public init(level: LevelReference, score: Double, change: Double, indicators: [IndicatorTarget]) {
        self.level = level
        self.score = score
        self.change = change
        self.indicators = indicators
    }
}
