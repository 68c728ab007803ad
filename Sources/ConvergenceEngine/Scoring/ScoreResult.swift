/// The result of scoring one request (`POST /score` in openapi/openapi.json).
///
/// Point inputs: `model, score, terms, unused, level`. Range inputs: `model, scoreRange, terms,
/// unused, levels` (the level ids the interval touches, lowest first).
public struct ScoreResult: Sendable, Equatable, Hashable {
    /// The model's id (`inline` for request weights).
    public var model: String
    /// The catalog technology the values came from, if any.
    public var technology: String?
    public var score: Double?
    public var scoreRange: ScoreRange?
    public var terms: [TermResult]
    /// Given indicators (and other fields) the model does not use.
    public var unused: [String]
    public var level: LevelReference?
    public var levels: [String]?

    /// Whether the request had a range (then `scoreRange`/`levels` are set).
    public var isRange: Bool { scoreRange != nil }
}
