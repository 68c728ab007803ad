/// A technology as `GET /technologies` lists it: computed score and level beside the source's
/// level and claimed degree, and the trend of its history (null without one).
public struct TechnologySummary: Sendable, Equatable, Hashable {
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
}
