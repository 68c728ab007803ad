/// One competing approach of a technology question (MoE, Dense, …).
public struct Approach: Sendable, Equatable, Hashable {
    public var id: String
    public var name: String
    public var sourceName: String?
    /// Adoption share in [0, 1]; nil where the source gives none.
    public var share: Double?
    /// Representative products.
    public var products: [String]
    /// Research effort the source states (`high`, `medium`), if any.
    public var research: String?
    /// Share of the question's optimisation research spent on this approach, if stated.
    public var researchShare: Double?

    public init(id: String, name: String, sourceName: String?, share: Double?, products: [String],
                research: String?, researchShare: Double?) {
        self.id = id
        self.name = name
        self.sourceName = sourceName
        self.share = share
        self.products = products
        self.research = research
        self.researchShare = researchShare
    }
}
