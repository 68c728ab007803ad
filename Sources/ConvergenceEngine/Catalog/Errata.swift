/// Where the source is wrong, computed from the catalog at load time, and the documents (with
/// version and date) the findings are about.
public struct Errata: Sendable, Equatable, Hashable {
    /// Every worked example with a claimed degree, erroneous or not, in catalog order.
    public var examples: [WorkedExample]
    /// Every level disagreement.
    public var levels: [LevelDisagreement]
    /// Claims about shares that cannot hold.
    public var claims: [ClaimFinding] = []
    /// The source documents of `sources.json`: id, title, version, date, references.
    public var documents: [SourceDocument] = []

    public init(examples: [WorkedExample], levels: [LevelDisagreement], claims: [ClaimFinding] = [],
                documents: [SourceDocument] = []) {
        self.examples = examples
        self.levels = levels
        self.claims = claims
        self.documents = documents
    }

    /// Only the examples whose arithmetic is wrong.
    public var arithmetic: [WorkedExample] { examples.filter(\.erroneous) }
}
