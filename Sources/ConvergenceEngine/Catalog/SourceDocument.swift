/// A document of the source series (`config/sources.json`): its version and date as the
/// document states them, and its references. Served in the `documents` block of `/errata`:
/// the errata are findings about these versions.
public struct SourceDocument: Sendable, Equatable, Hashable {
    /// One reference the document lists, in its own words.
    public struct Reference: Sendable, Equatable, Hashable {
        /// `internal`, `academic` or `technical`: the document's three reference lists.
        public var kind: String
        public var text: String
        /// What the document says the reference is for, if anything.
        public var note: String?
    }

    public var id: String
    public var title: String
    /// As the document writes it (`v2.0`); nil when the catalog does not know it.
    public var version: String?
    /// The document's own description of the version, if any.
    public var versionNote: String?
    /// Last update as the document dates it (`2025-11-10`); nil when unknown.
    public var updated: String?
    public var maintainer: String?
    public var references: [Reference]
}
