/// One of the model's indicators (docs/model.md#indicators). Every value is a real number in [0, 1].
///
/// The raw values are the API's field names. The cases are ordered so that `index` can address
/// fixed-size storage on the hot path instead of a string-keyed dictionary.
public enum Indicator: String, CaseIterable, Sendable, Hashable, Comparable {
    case adoption
    case standardization
    case controversy
    case maturity
    case completeness
    /// Share of research effort still spent on the question: descriptive only, never scored.
    case research

    /// Position in `allCases`, for array-indexed storage.
    @inlinable public var index: Int {
        switch self {
        case .adoption: 0
        case .standardization: 1
        case .controversy: 2
        case .maturity: 3
        case .completeness: 4
        case .research: 5
        }
    }

    /// Controversy counts against convergence: a model always scores `1 − controversy`.
    @inlinable public var isInverted: Bool { self == .controversy }

    /// Whether a model may weight this indicator (research is descriptive only).
    @inlinable public var isScorable: Bool { self != .research }

    /// The source document's term.
    public var sourceName: String {
        switch self {
        case .adoption: "采用率"
        case .standardization: "标准化程度"
        case .controversy: "争议度"
        case .maturity: "工程成熟度"
        case .completeness: "理论完备度"
        case .research: "研究投入"
        }
    }

    public static func < (lhs: Indicator, rhs: Indicator) -> Bool { lhs.index < rhs.index }

    /// The indicators a model may weight, in canonical order.
    public static let scorable: [Indicator] = [.adoption, .standardization, .controversy, .maturity, .completeness]
}
