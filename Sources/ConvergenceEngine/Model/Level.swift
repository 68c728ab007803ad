/// A convergence level L0–L4 (docs/model.md#levels), loaded from `config/levels.json`.
///
/// A class so that results holding a level copy one reference, not a dozen strings.
public final class Level: Sendable, Equatable, Hashable, Encodable {
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
        self.json = Self.render(id: id, name: name, sourceName: sourceName, interval: interval,
                                nominalDegree: nominalDegree, certainty: certainty, profile: profile,
                                research: research, marketStructure: marketStructure, disputeFocus: disputeFocus,
                                drivers: drivers)
    }

    /// The short form carried by score results.
    public let reference: LevelReference
    /// This level as JSON, rendered once (`JSONWritable`).
    let json: [UInt8]

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

    private enum CodingKeys: String, CodingKey {
        case id, name, sourceName, interval, nominalDegree, certainty, profile, research, marketStructure,
             disputeFocus, drivers
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(sourceName, forKey: .sourceName)
        try c.encode(interval, forKey: .interval)
        try c.encode(nominalDegree, forKey: .nominalDegree)
        try c.encode(certainty, forKey: .certainty)
        try c.encode(profile, forKey: .profile)
        try c.encode(research, forKey: .research)
        try c.encode(marketStructure, forKey: .marketStructure)
        try c.encode(disputeFocus, forKey: .disputeFocus)  // explicit null for L4
        try c.encode(drivers, forKey: .drivers)
    }
}
