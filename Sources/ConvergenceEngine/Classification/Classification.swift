/// The classification of a score (`POST /classify` in openapi/openapi.json; docs/model.md#classification).
///
/// For a point: `score`, `level` (full definition), `margins`, `toNext`/`toPrevious` (null at
/// L4/L0), `profile` with `profileConsistent` (null when no profiled indicator was given).
/// For a range: `scoreRange` and `levels` (every level the interval touches, lowest first).
/// When the input was indicators, `model` and `terms` say how the score was obtained.
public struct Classification: Sendable, Equatable, Hashable {
    public var model: String?
    public var technology: String?
    public var score: Double?
    public var scoreRange: ScoreRange?
    public var terms: [TermResult]?
    public var unused: [String]?
    public var level: Level?
    public var levels: [Level]?
    public var margins: Margins?
    public var toNext: LevelStep?
    public var toPrevious: LevelStep?
    public var profile: [ProfileCheck]
    public var profileConsistent: Bool?
}
