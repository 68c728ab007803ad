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
    struct Key: Hashable, Sendable {
        let classify: Bool
        let acceptsGzip: Bool
        let body: [UInt8]
        /// The body's hash, computed once for the lookup and the store that follows a miss
        /// (`[UInt8]`'s own hashing would also feed the hasher one byte at a time).
        let digest: Int

        init(classify: Bool, acceptsGzip: Bool, body: [UInt8]) {
            self.classify = classify
            self.acceptsGzip = acceptsGzip
            self.body = body
            var hasher = Hasher()
            body.withUnsafeBytes { hasher.combine(bytes: $0) }
            digest = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(digest)
            hasher.combine(classify)
            hasher.combine(acceptsGzip)
        }

        static func == (a: Key, b: Key) -> Bool {
            a.digest == b.digest && a.classify == b.classify && a.acceptsGzip == b.acceptsGzip
                && b.body.withUnsafeBufferPointer { a.body.hasSameBytes(as: $0) }
        }
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

    private let entries = Mutex<[Key: Entry]>([:])

    /// The key of a request the memo may answer, or nil.
    static func key(for request: HTTPRequest, classify: Bool) -> Key? {
        guard request.body.count <= maximumBodyBytes, let type = request.headers["Content-Type"],
              HTTPHeaders.equalNames(type, "application/json") else { return nil }
        return Key(classify: classify, acceptsGzip: Gzip.accepted(by: request.headers["Accept-Encoding"]), body: request.body)
    }

    func entry(for key: Key) -> Entry? { entries.withLock { $0[key] } }

    /// Keeps a 200 answer.
    func store(_ response: HTTPResponse, levels: [String], for key: Key) {
        guard response.status == .ok, response.body.count <= Self.maximumAnswerBytes else { return }
        let entry = Entry(headers: response.headers, body: response.body, levels: levels)
        entries.withLock { all in
            // Full: start again empty. (Removing one entry at a time from the front of the
            // table, the obvious alternative, bunches the rest into long probe runs.)
            if all.count >= Self.capacity, all[key] == nil { all.removeAll(keepingCapacity: true) }
            all[key] = entry
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
