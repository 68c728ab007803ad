/// A convergence level L0–L4 (docs/model.md#levels), loaded from `config/levels.json`.
///
/// A class so that results holding a level copy one reference, not a dozen strings.
public final class Level: Sendable, Equatable, Hashable {
    public let id: String
    public let name: String
    /// The source document's name, e.g. `收敛进行时（双寡头竞争）`.
    public let sourceName: String
    /// The scores this level covers; the levels tile [0, 1] without gap or overlap.
    public let interval: Interval
    /// The percentage the source attaches to the level (0.6 for L2's "60%"): not a score.
    public let nominalDegree: Double
    /// Stars out of five, e.g. `★★★☆☆`.
    public let certainty: String
    /// Per-indicator expectations of the level's profile.
    public let profile: [ProfileRange]
    /// Research effort expected at this level (`high`, `low`, `abandoned`).
    public let research: String
    public let marketStructure: String
    /// What the field still argues about; nil where the series names nothing (L4).
    public let disputeFocus: String?
    public let drivers: [String]

    public init(id: String, name: String, sourceName: String, interval: Interval, nominalDegree: Double,
                certainty: String, profile: [ProfileRange], research: String, marketStructure: String,
                disputeFocus: String?, drivers: [String]) {
        self.id = id
        self.name = name
        self.sourceName = sourceName
        self.interval = interval
        self.nominalDegree = nominalDegree
        self.certainty = certainty
        self.profile = profile
        self.research = research
        self.marketStructure = marketStructure
        self.disputeFocus = disputeFocus
        self.drivers = drivers
        self.reference = LevelReference(id: id, name: name, sourceName: sourceName, nominalDegree: nominalDegree)
    }

    /// The short form carried by score results.
    public let reference: LevelReference

    public static func == (lhs: Level, rhs: Level) -> Bool {
        lhs === rhs || (lhs.id == rhs.id && lhs.name == rhs.name && lhs.sourceName == rhs.sourceName
            && lhs.interval == rhs.interval && lhs.nominalDegree == rhs.nominalDegree && lhs.certainty == rhs.certainty
            && lhs.profile == rhs.profile && lhs.research == rhs.research && lhs.marketStructure == rhs.marketStructure
            && lhs.disputeFocus == rhs.disputeFocus && lhs.drivers == rhs.drivers)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(interval)
    }
}
