/// A level as score results name it: `{"id":"L2","name":"Converging (duopoly)","sourceName":"…"}`.
public struct LevelReference: Sendable, Equatable, Hashable, Encodable {
    public var id: String
    public var name: String
    public var sourceName: String

    public init(id: String, name: String, sourceName: String) {
        self.id = id
        self.name = name
        self.sourceName = sourceName
    }
}
