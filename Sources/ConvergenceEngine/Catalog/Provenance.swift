/// Where a catalog entry comes from: the document and section, with the document's title,
/// version and date when `sources.json` describes it (null otherwise), or a free-text note
/// when the document is not identified.
///
///     {"document":"03.1.3-L2","section":"§四 3.1","title":"…","version":"v2.0","updated":"2025-11-10","note":null}
public struct Provenance: Sendable, Equatable, Hashable, Encodable {
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

    private enum CodingKeys: String, CodingKey { case document, section, title, version, updated, note }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(document, forKey: .document)
        try c.encode(section, forKey: .section)
        try c.encode(title, forKey: .title)
        try c.encode(version, forKey: .version)
        try c.encode(updated, forKey: .updated)
        try c.encode(note, forKey: .note)
    }
}
