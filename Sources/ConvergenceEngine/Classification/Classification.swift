/// The classification of a score (`POST /classify` in openapi/openapi.json; docs/model.md#classification).
///
/// For a point: `score`, `level` (full definition), `margins`, `toNext`/`toPrevious` (null at
/// L4/L0), `profile` with `profileConsistent` (null when no profiled indicator was given).
/// For a range: `scoreRange` and `levels` (every level the interval touches, lowest first).
/// When the input was indicators, `model` and `terms` say how the score was obtained.
/// A class for the same reason as `ScoreResult`: one reference to copy, not a dozen.
public final class Classification: Sendable, Equatable, Hashable, Encodable {
    public let model: String?
    public let technology: String?
    public let score: Double?
    public let scoreRange: ScoreRange?
    public let terms: [TermResult]?
    public let unused: [String]?
    public let level: Level?
    public let levels: [Level]?
    public let margins: Margins?
    public let toNext: LevelStep?
    public let toPrevious: LevelStep?
    public let profile: [ProfileCheck]
    public let profileConsistent: Bool?

    public init(model: String?, technology: String?, score: Double?, scoreRange: ScoreRange?, terms: [TermResult]?,
                unused: [String]?, level: Level?, levels: [Level]?, margins: Margins?, toNext: LevelStep?,
                toPrevious: LevelStep?, profile: [ProfileCheck], profileConsistent: Bool?) {
        self.model = model
        self.technology = technology
        self.score = score
        self.scoreRange = scoreRange
        self.terms = terms
        self.unused = unused
        self.level = level
        self.levels = levels
        self.margins = margins
        self.toNext = toNext
        self.toPrevious = toPrevious
        self.profile = profile
        self.profileConsistent = profileConsistent
    }

    private enum CodingKeys: String, CodingKey {
        case model, technology, score, scoreRange, terms, unused, level, levels, margins, toNext, toPrevious,
             profile, profileConsistent
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(model, forKey: .model)
        try c.encodeIfPresent(technology, forKey: .technology)
        if let scoreRange {
            try c.encode(scoreRange, forKey: .scoreRange)
            try c.encodeIfPresent(terms, forKey: .terms)
            try c.encodeIfPresent(unused, forKey: .unused)
            try c.encode(levels ?? [], forKey: .levels)
            return
        }
        try c.encodeIfPresent(score, forKey: .score)
        try c.encodeIfPresent(terms, forKey: .terms)
        try c.encodeIfPresent(unused, forKey: .unused)
        try c.encodeIfPresent(level, forKey: .level)
        try c.encodeIfPresent(margins, forKey: .margins)
        // Explicit nulls: the contract says toNext/toPrevious are null at L4/L0.
        try c.encode(toNext, forKey: .toNext)
        try c.encode(toPrevious, forKey: .toPrevious)
        try c.encode(profile, forKey: .profile)
        try c.encode(profileConsistent, forKey: .profileConsistent)
    }

    public static func == (lhs: Classification, rhs: Classification) -> Bool {
        lhs === rhs || (lhs.model == rhs.model && lhs.technology == rhs.technology && lhs.score == rhs.score && lhs.scoreRange == rhs.scoreRange && lhs.terms == rhs.terms && lhs.unused == rhs.unused && lhs.level == rhs.level && lhs.levels == rhs.levels && lhs.margins == rhs.margins && lhs.toNext == rhs.toNext && lhs.toPrevious == rhs.toPrevious && lhs.profile == rhs.profile && lhs.profileConsistent == rhs.profileConsistent)
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
        hasher.combine(margins)
        hasher.combine(toNext)
        hasher.combine(toPrevious)
        hasher.combine(profile)
        hasher.combine(profileConsistent)
    }
}
