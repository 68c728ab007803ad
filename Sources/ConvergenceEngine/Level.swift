/// A convergence level L0–L4 (domain §3), loaded from `config/levels.json`.
public struct Level: Sendable, Equatable, Hashable, Encodable {
    public var id: String
    public var name: String
    /// The source document's name, e.g. `收敛进行时（双寡头竞争）`.
    public var sourceName: String
    /// The scores this level covers; the levels tile [0, 1] without gap or overlap.
    public var interval: Interval
    /// The percentage the source attaches to the level (0.6 for L2's "60%"): not a score.
    public var nominalDegree: Double
    /// Stars out of five, e.g. `★★★☆☆`.
    public var certainty: String
    /// Per-indicator expectations of the level's profile.
    public var profile: [ProfileRange]
    /// Research effort expected at this level (`high`, `low`, `abandoned`).
    public var research: String
    public var marketStructure: String
    /// What the field still argues about; nil where the series names nothing (L4).
    public var disputeFocus: String?
    public var drivers: [String]

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
    }

    /// The short form carried by score results.
    public var reference: LevelReference { LevelReference(id: id, name: name, sourceName: sourceName) }

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
