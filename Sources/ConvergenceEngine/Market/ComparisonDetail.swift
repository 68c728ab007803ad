/// One question side by side (`GET /compare/{id}`): approaches, market analysis, the
/// comparison and overview tables, the technology's score and level under its model, and its
/// erratum when the source's claimed degree differs from the computed one.
public struct ComparisonDetail: Sendable, Equatable, Hashable {
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
}
