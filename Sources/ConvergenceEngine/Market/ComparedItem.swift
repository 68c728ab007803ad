/// One item of an item comparison, scored and classified.
public struct ComparedItem: Sendable, Equatable, Hashable {
    /// Position in the request.
    public var index: Int
    /// The request's label, else the technology id, else `#<index>`.
    public var label: String
    public var technology: String?
    /// Position in the ranking (1 = highest score).
    public var rank: Int
    public var model: String
    public var score: Double
    public var level: LevelReference
    public var terms: [TermResult]
}
