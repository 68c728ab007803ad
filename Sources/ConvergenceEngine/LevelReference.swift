/// A level as score results name it: `{"id":"L2","name":"Converging (duopoly)","sourceName":"…"}`.
///
/// A class: every score result carries one, and copying one reference is cheaper than three
/// strings on the hot path.
public final class LevelReference: Sendable, Equatable, Hashable, Encodable {
    public let id: String
    public let name: String
    public let sourceName: String
    /// This reference as JSON, rendered once.
    let json: [UInt8]

    public init(id: String, name: String, sourceName: String) {
        self.id = id
        self.name = name
        self.sourceName = sourceName
        self.json = Self.render(id: id, name: name, sourceName: sourceName)
    }

    public static func == (lhs: LevelReference, rhs: LevelReference) -> Bool {
        lhs === rhs || (lhs.id == rhs.id && lhs.name == rhs.name && lhs.sourceName == rhs.sourceName)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    private enum CodingKeys: String, CodingKey { case id, name, sourceName }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(sourceName, forKey: .sourceName)
    }
}
