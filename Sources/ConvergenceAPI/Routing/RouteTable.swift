import HTTPServer
import JSON

/// The routes of the API and their matching. Everything about a route is in its row (see
/// `RouteTable.api`): matching, `Allow` and 405, HEAD and OPTIONS, the metrics label, the
/// cacheability and the OpenAPI operation ids are all read from the rows.
///
/// Matching works on the *decoded* path (`URLDecoding` refuses `%2F`, dot segments and NUL
/// before any match, so `/levels/L%32` is level L2). Two table lookups (`PathTable`), no regex:
/// the whole path first (most requests name a collection), then the first segment of `/first/id`.
/// A miss is nil: the caller falls through to the dashboard's files.
struct RouteTable: Sendable {
    let rows: [RouteRow]
    /// Templates without `{id}`, by path.
    private let exact: PathTable<Int>
    /// Templates `/first/{id}`, by their first segment.
    private let withID: PathTable<Int>
    /// Every method some route answers (HEAD with GET, OPTIONS always): `OPTIONS *`'s `Allow`.
    let methods: Set<HTTPMethod>

    init(_ rows: [RouteRow]) {
        self.rows = rows
        var exact: [String: Int] = [:]
        var withID: [String: Int] = [:]
        for (index, row) in rows.enumerated() {
            if row.template.hasSuffix("/{id}") {
                let first = row.template.dropFirst().dropLast("/{id}".count)
                precondition(!first.contains("/"), "an {id} route has one literal segment: \(row.template)")
                precondition(withID.updateValue(index, forKey: String(first)) == nil, "duplicate route \(row.template)")
            } else {
                precondition(!row.template.contains("{"), "only a last {id} segment is supported: \(row.template)")
                precondition(exact.updateValue(index, forKey: row.template) == nil, "duplicate route \(row.template)")
            }
        }
        self.exact = PathTable(exact)
        self.withID = PathTable(withID)
        var methods: Set<HTTPMethod> = [.options]
        for row in rows {
            for (method, _) in row.operations { methods.insert(method) }
            if row.get != nil { methods.insert(.head) }
        }
        self.methods = methods
    }

    /// A matched row and its decoded `{id}` (empty when the template has none).
    struct Match: Equatable {
        let row: Int
        let id: String
    }

    /// The row for a decoded path, or nil (a dashboard file, or 404). An id is one non-empty
    /// segment; segments become `String`s before the lookup (short ones are stored inline).
    func match(_ path: String) -> Match? {
        path.withUTF8Bytes { bytes -> Match? in
            if let row = exact[bytes: bytes] { return Match(row: row, id: "") }
            let slash = UInt8(ascii: "/")
            guard bytes.first == slash, let second = bytes[1...].firstIndex(of: slash) else { return nil }
            let idStart = second + 1
            guard idStart < bytes.count, !bytes[idStart...].contains(slash),
                  let row = withID[bytes: UnsafeBufferPointer(rebasing: bytes[1..<second])] else { return nil }
            return Match(row: row, id: String(decoding: UnsafeBufferPointer(rebasing: bytes[idStart...]), as: UTF8.self))
        }
    }

    /// The row serving a decoded path, if any.
    func row(for path: String) -> RouteRow? { match(path).map { rows[$0.row] } }

    /// The label of a path that names no route: a dashboard file, or `unmatched` when the
    /// answer is a 404 (bounded: never the raw path).
    static func unmatchedLabel(status: HTTPStatus) -> String {
        status.code == 404 ? "unmatched" : "/{file}"
    }
}
