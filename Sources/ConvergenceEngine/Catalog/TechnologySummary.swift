/// A technology as `GET /technologies` lists it: computed score and level beside the source's
/// level and claimed degree, and the trend of its history (null without one).
public struct TechnologySummary: Sendable, Equatable, Hashable, Encodable {
    public var id: String
    public var name: String
    public var sourceName: String?
    public var model: String
    public var score: Double
    public var level: LevelReference
    public var sourceLevel: String
    public var claimed: Double?
    public var trend: Trend?
    /// Where the entry comes from (document, section, version, date).
    public var source: Provenance?

    private enum CodingKeys: String, CodingKey {
        case id, name, sourceName, model, score, level, sourceLevel, claimed, trend, source
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(sourceName, forKey: .sourceName)
        try c.encode(model, forKey: .model)
        try c.encode(score, forKey: .score)
        try c.encode(level, forKey: .level)
        try c.encode(sourceLevel, forKey: .sourceLevel)
        try c.encode(claimed, forKey: .claimed)
        try c.encode(trend, forKey: .trend)
        try c.encode(source, forKey: .source)
    }
}
