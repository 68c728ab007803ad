/// A catalog technology (docs/model.md#catalog), as loaded from `config/catalog/<id>.json`, with the
/// figures the engine computes from it at load time.
public struct Technology: Sendable, Equatable, Hashable {
    public var id: String
    public var name: String
    public var sourceName: String?
    /// The level the source assigns.
    public var sourceLevel: String
    /// The model of the source's worked example.
    public var model: String
    /// The worked example's indicator values (points).
    public var indicators: IndicatorValues
    /// The degree the source claims for the worked example, if it gives one.
    public var claimed: Double?
    public var approaches: [Approach]
    /// The tables that belong to the technology (comparison tables first, then the overview).
    public var tables: [Table]
    public var challenges: [Challenge]
    /// Notes of the source (e.g. hybrids being explored).
    public var notes: [String]
    public var history: [HistoryPoint]
    /// Where the entry comes from (document, section, version, date).
    public var source: Provenance?
    /// A theorem the source states for it (MoE vs Dense: the MoE efficiency theorem).
    public var theorem: Theorem?

    // Computed at load time.
    public var score: Double
    public var level: LevelReference
    public var terms: [TermResult]
    public var trend: Trend?
    public var market: MarketAnalysis?
    /// The recomputed worked example when the source's claimed degree is wrong.
    public var erratum: WorkedExample?

    /// The list form of `GET /technologies`.
    public var summary: TechnologySummary {
        TechnologySummary(id: id, name: name, sourceName: sourceName, model: model, score: score, level: level,
                          sourceLevel: sourceLevel, claimed: claimed, trend: trend, source: source)
    }
}
