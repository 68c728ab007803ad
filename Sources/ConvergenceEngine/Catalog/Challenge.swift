/// A challenge the source lists for an approach, with its formula and named remedies.
public struct Challenge: Sendable, Equatable, Hashable {
    /// The approach it concerns (id), if one.
    public var approach: String?
    public var title: String
    public var sourceTitle: String?
    public var problem: String
    public var formula: String?
    public var remedies: [Remedy]

    public init(approach: String?, title: String, sourceTitle: String?, problem: String, formula: String?,
                remedies: [Remedy]) {
        self.approach = approach
        self.title = title
        self.sourceTitle = sourceTitle
        self.problem = problem
        self.formula = formula
        self.remedies = remedies
    }
}
