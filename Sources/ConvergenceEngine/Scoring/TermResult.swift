/// One model term evaluated on a request: the value used, the weight, and its contribution
/// (`weight × value`, or `weight × (1 − value)` when inverted), rounded to 6 decimals.
/// For a range input `valueRange` and `contributionRange` replace `value` and `contribution`.
public struct TermResult: Sendable, Equatable, Hashable {
    public var indicator: Indicator
    public var value: Double?
    public var valueRange: ScoreRange?
    public var weight: Double
    public var inverted: Bool
    public var contribution: Double?
    public var contributionRange: ScoreRange?

    public init(indicator: Indicator, value: Double?, valueRange: ScoreRange?, weight: Double, inverted: Bool,
                contribution: Double?, contributionRange: ScoreRange?) {
        self.indicator = indicator
        self.value = value
        self.valueRange = valueRange
        self.weight = weight
        self.inverted = inverted
        self.contribution = contribution
        self.contributionRange = contributionRange
    }
}
