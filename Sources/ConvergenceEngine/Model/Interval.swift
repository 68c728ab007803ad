/// A real interval with explicit inclusiveness of each bound, e.g. L2's (0.60, 0.80].
public struct Interval: Sendable, Equatable, Hashable {
    public var lower: Double
    public var upper: Double
    public var lowerInclusive: Bool
    public var upperInclusive: Bool

    public init(lower: Double, upper: Double, lowerInclusive: Bool, upperInclusive: Bool) {
        self.lower = lower
        self.upper = upper
        self.lowerInclusive = lowerInclusive
        self.upperInclusive = upperInclusive
    }

    @inlinable public func contains(_ x: Double) -> Bool {
        (lowerInclusive ? x >= lower : x > lower) && (upperInclusive ? x <= upper : x < upper)
    }

    /// Whether some x in [min, max] lies in the interval.
    public func intersects(min: Double, max: Double) -> Bool {
        let belowUpper = upperInclusive ? min <= upper : min < upper
        let aboveLower = lowerInclusive ? max >= lower : max > lower
        return belowUpper && aboveLower
    }

    /// Mathematical notation, e.g. `(0.6, 0.8]`.
    public var notation: String {
        (lowerInclusive ? "[" : "(") + lower.formatted + ", " + upper.formatted + (upperInclusive ? "]" : ")")
    }
}
