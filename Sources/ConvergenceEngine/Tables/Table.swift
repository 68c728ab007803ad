/// A table of the catalog (docs/model.md#tables): comparison tables with an advantage column and tally,
/// overview tables, the level table, and the level-vs-level tables of the source.
public struct Table: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, Equatable, Hashable, CaseIterable {
        /// Dimension by dimension, with the approach that has the advantage.
        case comparison
        /// An approach overview (products, adoption, research, degree).
        case overview
        /// The level definitions.
        case levels
        /// One level against another.
        case levelComparison = "level-comparison"
        /// A level's state, dimension by dimension (the L2 document's state table).
        case levelStatus = "level-status"
    }

    public var id: String
    public var title: String
    public var sourceTitle: String?
    public var kind: Kind
    /// The technology the table belongs to, if any.
    public var technology: String?
    /// Header of every column, the dimension first (and `Advantage` last for comparisons).
    public var columns: [String]
    /// For comparison and overview tables: the approaches of the value columns.
    public var approaches: [TableApproach]?
    public var rows: [TableRow]
    /// For comparison tables: advantages per approach.
    public var tally: TableTally?
    /// The column headers as the source document writes them, where config gives them.
    public var sourceColumns: [String]?
    /// The document and section the table comes from, where config names them.
    public var source: Provenance?
    /// For level-status tables: the level described.
    public var level: String?

    public init(id: String, title: String, sourceTitle: String?, kind: Kind, technology: String?, columns: [String],
                approaches: [TableApproach]?, rows: [TableRow], tally: TableTally?, sourceColumns: [String]? = nil,
                source: Provenance? = nil, level: String? = nil) {
        self.id = id
        self.title = title
        self.sourceTitle = sourceTitle
        self.kind = kind
        self.technology = technology
        self.columns = columns
        self.approaches = approaches
        self.rows = rows
        self.tally = tally
        self.sourceColumns = sourceColumns
        self.source = source
        self.level = level
    }

    public var summary: TableSummary { TableSummary(id: id, title: title, kind: kind, columns: columns) }

    /// RFC 4180 CSV: a header row, then one record per row, CRLF line ends, fields quoted when
    /// they hold a comma, a quote, CR or LF (quotes doubled).
    public var csv: String { CSV.render(header: columns, records: rows.map(\.cells)) }

    /// The same CSV in the source document's words (`?lang=zh`): its headers and cells where
    /// config gives them, the English text elsewhere.
    public var sourceCSV: String { CSV.render(header: sourceColumns ?? columns, records: rows.map(\.sourceCells)) }
}
