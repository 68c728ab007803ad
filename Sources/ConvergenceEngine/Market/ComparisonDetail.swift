/// One question side by side (`GET /compare/{id}`): approaches, market analysis, the
/// comparison and overview tables, the technology's score and level under its model, and its
/// erratum when the source's claimed degree differs from the computed one.
public struct ComparisonDetail: Sendable, Equatable, Hashable, Encodable {
    public var id: String
    public var title: String
    public var approaches: [Approach]
    public var market: MarketAnalysis?
    public var table: Table?
    public var overview: Table?
    public var model: String
    public var score: Double
    public var level: LevelReference
    public var sourceLevel: String
    public var erratum: WorkedExample?
    /// Where the comparison comes from (document, section, version, date).
    public var source: Provenance?

    private enum CodingKeys: String, CodingKey {
        case id, title, approaches, market, table, overview, model, score, level, sourceLevel, erratum, source
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(approaches, forKey: .approaches)
        try c.encode(market, forKey: .market)
        try c.encode(table, forKey: .table)
        try c.encode(overview, forKey: .overview)
        try c.encode(model, forKey: .model)
        try c.encode(score, forKey: .score)
        try c.encode(level, forKey: .level)
        try c.encode(sourceLevel, forKey: .sourceLevel)
        try c.encode(erratum, forKey: .erratum)
        try c.encode(source, forKey: .source)
    }
}
