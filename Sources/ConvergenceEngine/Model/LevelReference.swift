/// A level as score results name it:
/// `{"id":"L2","name":"Converging (duopoly)","sourceName":"…","nominalDegree":0.6}`.
///
/// A class: every score result carries one, and copying one reference is cheaper than three
/// strings on the hot path.
public final class LevelReference: Sendable, Equatable, Hashable {
    public let id: String
    public let name: String
    public let sourceName: String
    /// The percentage the source attaches to the level (0.6 for L2's "60%"): not a score.
    public let nominalDegree: Double

    public init(id: String, name: String, sourceName: String, nominalDegree: Double) {
        self.id = id
        self.name = name
        self.sourceName = sourceName
        self.nominalDegree = nominalDegree
    }

    public static func == (lhs: LevelReference, rhs: LevelReference) -> Bool {
        lhs === rhs || (lhs.id == rhs.id && lhs.name == rhs.name && lhs.sourceName == rhs.sourceName
            && lhs.nominalDegree == rhs.nominalDegree)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
