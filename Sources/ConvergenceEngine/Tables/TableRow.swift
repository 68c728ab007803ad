/// One row of a table: a dimension, one value per value column, and (comparison tables only)
/// the approach with the advantage. `cells` is the row aligned with the table's `columns`.
public struct TableRow: Sendable, Equatable, Hashable {
    public var dimension: String
    /// The source document's wording of the dimension, where it has one.
    public var sourceDimension: String?
    public var values: [String]
    /// Approach id with the advantage; nil for none (or a table without an advantage column).
    public var advantage: String?
    public var cells: [String]
    /// The cells after the dimension as the source document writes them (values, then the
    /// advantage or status column), where config gives them.
    public var sourceValues: [String]?
    /// A claim about shares the row makes, tested by the errata (not served).
    public var shareClaim: ShareClaim?

    public init(dimension: String, sourceDimension: String?, values: [String], advantage: String?, cells: [String],
                sourceValues: [String]? = nil, shareClaim: ShareClaim? = nil) {
        self.dimension = dimension
        self.sourceDimension = sourceDimension
        self.values = values
        self.advantage = advantage
        self.cells = cells
        self.sourceValues = sourceValues
        self.shareClaim = shareClaim
    }

    /// The row in the source's words, aligned with `Table.sourceColumns`: each part falls back
    /// to the English cells where the source has no text of its own.
    public var sourceCells: [String] {
        [sourceDimension ?? dimension] + (sourceValues ?? Array(cells.dropFirst()))
    }
}
