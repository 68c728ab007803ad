/// Positions by id (of models, technologies, tables, levels), looked up with ids that come from
/// requests: an id too long to equal any stored one is absent at once, before it is normalised
/// and hashed (a 1 MiB id of non-ASCII text would otherwise cost milliseconds to find missing).
///
/// Lookups keep `String` equality, canonical equivalence: `"cafe\u{301}"` finds `"café"`.
/// Such an equal spelling can be longer than the stored id, but boundedly: every scalar of it
/// decomposes into at least one scalar of their common canonical decomposition, which holds at
/// most 4 scalars per scalar of the stored id (the longest canonical decomposition, U+1F82, is
/// 4), and a scalar is at most 4 UTF-8 bytes. So nothing over 16 × the longest id's UTF-8
/// bytes can match.
struct IdIndex: Sendable {
    private let positions: [String: Int]
    /// The longest UTF-8 length an id equal to a stored one can have.
    private let longestMatch: Int

    /// Each id's position in `ids`; of repeated ids, the first.
    init(_ ids: [String]) {
        positions = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        longestMatch = 16 * (ids.lazy.map(\.utf8.count).max() ?? 0)
    }

    subscript(id: String) -> Int? {
        guard id.utf8.count <= longestMatch else { return nil }
        return positions[id]
    }
}
