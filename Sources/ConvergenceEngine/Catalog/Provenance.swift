/// Where a catalog entry comes from: the document and section, with the document's title,
/// version and date when `sources.json` describes it (null otherwise), or a free-text note
/// when the document is not identified.
///
///     {"document":"03.1.3-L2","section":"§四 3.1","title":"…","version":"v2.0","updated":"2025-11-10","note":null}
public struct Provenance: Sendable, Equatable, Hashable {
    public var document: String?
    public var section: String?
    public var title: String?
    public var version: String?
    public var updated: String?
    public var note: String?

    public init(document: String?, section: String?, note: String?, documents: [SourceDocument]) {
        let known = document.flatMap { id in documents.first { $0.id == id } }
        self.document = document
        self.section = section
        self.title = known?.title
        self.version = known?.version
        self.updated = known?.updated
        self.note = note
    }
}
