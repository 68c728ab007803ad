/// A value given for one indicator: a point, a range `[lo, hi]`, or something that is neither
/// (`invalid`, saying what was wrong) so that the engine reports it together with every other
/// problem of the request instead of the caller stopping at the first.
///
///     IndicatorInput.point(0.6)
///     IndicatorInput.range(0.5, 0.7)
///     IndicatorInput.invalid(.notANumber)
///
/// Trivially copyable on purpose (no string payload): requests are copied on the hot path.
public enum IndicatorInput: Sendable, Equatable, Hashable {
    case point(Double)
    case range(Double, Double)
    case invalid(Problem)

    /// What a caller found wrong with a JSON value given for an indicator.
    public enum Problem: String, Sendable, Equatable, Hashable, CaseIterable {
        /// A string, boolean, object or null where a number or `[lo, hi]` belongs.
        case notANumber
        /// An array that is not exactly two numbers.
        case notARange
        /// A number too large to represent (JSON allows what a double cannot hold).
        case notFinite

        /// The problem's `detail` text.
        public var detail: String {
            switch self {
            case .notANumber: "must be a finite number or an array [lo, hi]"
            case .notARange: "a range must be an array of exactly two numbers [lo, hi]"
            case .notFinite: "must be a finite number"
            }
        }
    }

    /// The lowest and highest value (equal for a point); nil for `invalid`.
    @inlinable public var bounds: (lo: Double, hi: Double)? {
        switch self {
        case .point(let x): (x, x)
        case .range(let lo, let hi): (lo, hi)
        case .invalid: nil
        }
    }

    @inlinable public var isRange: Bool {
        if case .range = self { return true }
        return false
    }
}
