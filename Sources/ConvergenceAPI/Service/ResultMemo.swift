import HTTPServer
import Synchronization

/// The answers to recent `POST /score` and `POST /classify` bodies, by their exact bytes.
/// Scoring and classifying are pure functions of one state version (engine and settings), and
/// dashboards post the same bodies again and again: a body seen lately skips parsing, scoring
/// and writing. One memo per `ServiceState`, so a reload starts with an empty one.
///
/// A POST's answer depends on its body and on one request field: whether `Accept-Encoding`
/// accepts gzip (a document of `gzip.minimumBytes` or more is gzipped then; POST answers carry
/// no validators). So the key is the body, that bit and the operation. Only bodies sent as
/// `application/json` (the media type check is then the one every such request passes) and
/// answers 200 are kept. Bounded: at most `capacity` entries of bodies up to
/// `maximumBodyBytes` and answers up to `maximumAnswerBytes` (a 2 KiB batch of bare scores
/// to classify answers with 50 KiB), about 4.5 MiB in all; when full, it starts again empty.
final class ResultMemo: Sendable {
    /// What an answer depends on.
    struct Query: Sendable {
        let classify: Bool
        let acceptsGzip: Bool
        let body: [UInt8]

        func matches(_ other: Query) -> Bool {
            classify == other.classify && acceptsGzip == other.acceptsGzip
                && other.body.withUnsafeBufferPointer { body.hasSameBytes(as: $0) }
        }
    }

    /// A query with its body's hash, for the table.
    struct Key: Hashable, Sendable {
        let query: Query
        /// The body's hash, computed once for the lookup and the store that follows a miss
        /// (`[UInt8]`'s own hashing would also feed the hasher one byte at a time).
        let digest: Int

        init(_ query: Query) {
            self.query = query
            var hasher = Hasher()
            query.body.withUnsafeBytes { hasher.combine(bytes: $0) }
            digest = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(digest)
            hasher.combine(query.classify)
            hasher.combine(query.acceptsGzip)
        }

        static func == (a: Key, b: Key) -> Bool { a.digest == b.digest && a.query.matches(b.query) }
    }

    struct Entry: Sendable {
        /// The response's representation headers and body.
        let headers: HTTPHeaders
        let body: [UInt8]
        /// The level of each result, counted again for every request it answers.
        let levels: [String]

        var response: HTTPResponse { HTTPResponse(status: .ok, headers: headers, body: body) }
    }

    static let capacity = 256
    static let maximumBodyBytes = 2048
    static let maximumAnswerBytes = 16 * 1024

    private struct Table {
        var entries: [Key: Entry] = [:]
        /// The answer found or stored last, compared before anything is hashed: a dashboard
        /// posts one body again and again, and hashing it (SipHash, which keeps a flood of
        /// colliding bodies out of the table) and looking it up cost a twelfth of answering.
        /// It may outlive a clearing of the table: one entry more, at most.
        var latest: (query: Query, entry: Entry)?
    }

    private let table = Mutex(Table())

    /// What the memo may answer for a request, or nil.
    static func query(for request: HTTPRequest, classify: Bool) -> Query? {
        guard request.body.count <= maximumBodyBytes, let type = request.headers["Content-Type"],
              HTTPHeaders.equalNames(type, "application/json") else { return nil }
        return Query(classify: classify, acceptsGzip: Gzip.accepted(by: request.headers["Accept-Encoding"]), body: request.body)
    }

    func entry(for query: Query) -> Entry? {
        let latest = table.withLock { table in table.latest.flatMap { $0.query.matches(query) ? $0.entry : nil } }
        if let latest { return latest }
        let key = Key(query)
        return table.withLock { table in
            guard let found = table.entries[key] else { return nil }
            table.latest = (query, found)
            return found
        }
    }

    /// Keeps a 200 answer.
    func store(_ response: HTTPResponse, levels: [String], for query: Query) {
        guard response.status == .ok, response.body.count <= Self.maximumAnswerBytes else { return }
        let entry = Entry(headers: response.headers, body: response.body, levels: levels)
        let key = Key(query)
        table.withLock { table in
            // Full: start again empty. (Removing one entry at a time from the front of the
            // table, the obvious alternative, bunches the rest into long probe runs.)
            if table.entries.count >= Self.capacity, table.entries[key] == nil { table.entries.removeAll(keepingCapacity: true) }
            table.entries[key] = entry
            table.latest = (query, entry)
        }
    }

    var count: Int { table.withLock { $0.entries.count } }
}
