/// A value given for one indicator: a point, a range `[lo, hi]`, or something that is neither
/// (`invalid`, carrying what was wrong) so that the engine reports it together with every other
/// problem of the request instead of the caller stopping at the first.
///
///     IndicatorInput.point(0.6)
///     IndicatorInput.range(0.5, 0.7)
///     IndicatorInput.invalid("must be a number or an array [lo, hi]")
public enum IndicatorInput: Sendable, Equatable, Hashable {
    case point(Double)
    case range(Double, Double)
    case invalid(String)

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
