/// The indicator values of one request: one optional slot per `Indicator`.
///
/// Six stored properties rather than a dictionary: building and reading it allocates nothing,
/// which keeps scoring a request in the sub-microsecond range.
///
///     var values = IndicatorValues()
///     values[.adoption] = .point(0.6)
///     values[.standardization] = .range(0.5, 0.8)
public struct IndicatorValues: Sendable, Equatable, Hashable {
    public var adoption: IndicatorInput?
    public var standardization: IndicatorInput?
    public var controversy: IndicatorInput?
    public var maturity: IndicatorInput?
    public var completeness: IndicatorInput?
    public var research: IndicatorInput?

    public init() {}

    /// Points for every given indicator: `IndicatorValues(points: [.adoption: 0.6, ...])`.
    public init(points: [Indicator: Double]) {
        for (indicator, value) in points { self[indicator] = .point(value) }
    }

    /// Any mix of points and ranges.
    public init(_ inputs: [Indicator: IndicatorInput]) {
        for (indicator, value) in inputs { self[indicator] = value }
    }

    @inlinable public subscript(indicator: Indicator) -> IndicatorInput? {
        get {
            switch indicator {
            case .adoption: adoption
            case .standardization: standardization
            case .controversy: controversy
            case .maturity: maturity
            case .completeness: completeness
            case .research: research
            }
        }
        set {
            switch indicator {
            case .adoption: adoption = newValue
            case .standardization: standardization = newValue
            case .controversy: controversy = newValue
            case .maturity: maturity = newValue
            case .completeness: completeness = newValue
            case .research: research = newValue
            }
        }
    }

    /// Whether any given value is a range.
    public var hasRange: Bool {
        Indicator.allCases.contains { self[$0]?.isRange ?? false }
    }

    /// Indicators that carry a value, in canonical order.
    public var given: [Indicator] { Indicator.allCases.filter { self[$0] != nil } }

    /// `other`'s values where it has one, else this one's.
    public func overridden(by other: IndicatorValues) -> IndicatorValues {
        var merged = self
        for indicator in Indicator.allCases {
            if let value = other[indicator] { merged[indicator] = value }
        }
        return merged
    }
}
