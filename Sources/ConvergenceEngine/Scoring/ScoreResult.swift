/// The result of scoring one request (`POST /score` in openapi/openapi.json).
///
/// Point inputs: `model, score, terms, unused, level`. Range inputs: `model, scoreRange, terms,
/// unused, levels` (the level ids the interval touches, lowest first).
/// A class: results travel through batches, classifications and comparisons, and copying one
/// reference is far cheaper than copying eight reference-counted fields.
public final class ScoreResult: Sendable, Equatable, Hashable, Encodable {
    /// The model's id (`inline` for request weights).
    public let model: String
    /// The catalog technology the values came from, if any.
    public let technology: String?
    public let score: Double?
    public let scoreRange: ScoreRange?
    public let terms: [TermResult]
    /// Given indicators (and other fields) the model does not use.
    public let unused: [String]
    public let level: LevelReference?
    public let levels: [String]?

    /// Whether the request had a range (then `scoreRange`/`levels` are set).
    public var isRange: Bool { scoreRange != nil }

    public init(model: String, technology: String?, score: Double?, scoreRange: ScoreRange?, terms: [TermResult],
                unused: [String], level: LevelReference?, levels: [String]?) {
        self.model = model
        self.technology = technology
        self.score = score
        self.scoreRange = scoreRange
        self.terms = terms
        self.unused = unused
        self.level = level
        self.levels = levels
    }

    public static func == (lhs: ScoreResult, rhs: ScoreResult) -> Bool {
        lhs === rhs || (lhs.model == rhs.model && lhs.technology == rhs.technology && lhs.score == rhs.score && lhs.scoreRange == rhs.scoreRange && lhs.terms == rhs.terms && lhs.unused == rhs.unused && lhs.level == rhs.level && lhs.levels == rhs.levels)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(model)
        hasher.combine(technology)
        hasher.combine(score)
        hasher.combine(scoreRange)
        hasher.combine(terms)
        hasher.combine(unused)
        hasher.combine(level)
        hasher.combine(levels)
    }
}
