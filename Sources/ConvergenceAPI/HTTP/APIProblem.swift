public import HTTPServer
import JSON

/// An RFC 9457 problem document. Every error the service answers is one of these.
public struct APIProblem: Error, Sendable, Equatable {
    /// One bad field: a JSON pointer (RFC 6901) into the request and what is wrong there.
    public struct FieldError: Sendable, Equatable {
        public var pointer: String
        public var detail: String
        public init(pointer: String, detail: String) {
            self.pointer = pointer
            self.detail = detail
        }
    }

    /// An RFC 9457 extension member with a whole-number value (`"limit":1000`).
    public struct Count: Sendable, Equatable {
        public var name: String
        public var value: Int
        public init(_ name: String, _ value: Int) {
            self.name = name
            self.value = value
        }
    }

    public var status: HTTPStatus
    /// A short slug; the `type` URI is built from it so clients can branch on it.
    public var kind: String
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    public var allow: String?
    /// Extension members written after the standard ones (a limit and the count that broke it).
    public var counts: [Count]

    public init(status: HTTPStatus, kind: String, title: String, detail: String, errors: [FieldError] = [],
                allow: String? = nil, counts: [Count] = []) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.errors = errors
        self.allow = allow
        self.counts = counts
    }

    /// At most this many `errors` are written; `moreErrors` counts the rest.
    public static let maximumErrors = 100
    /// Every problem document fits in this many bytes, whatever the request held: strings
    /// that echo the request are cut (`maximumDetailBytes`, `maximumErrorFieldBytes`) and
    /// errors past the budget are counted, not written.
    public static let maximumBytes = 64 * 1024
    static let maximumDetailBytes = 1024
    static let maximumErrorFieldBytes = 256

    public static let typeBase = "https://convergence.invalid/problems/"

    public var type: String { Self.typeBase + kind }

    /// The document: the first `maximumErrors` errors (fewer if the byte budget runs out) and,
    /// when some were left out, `"moreErrors": n`; never more than `maximumBytes`.
    public var json: String {
        var out = "{\"type\":" + JSONWriter.quotedText(type) + ",\"title\":" + JSONWriter.quotedText(Self.cut(title, Self.maximumDetailBytes))
            + ",\"status\":" + String(status.code) + ",\"detail\":" + JSONWriter.quotedText(Self.cut(detail, Self.maximumDetailBytes))
        for count in counts { out += "," + JSONWriter.quotedText(count.name) + ":" + String(count.value) }
        // Room kept for the closing bytes and the moreErrors member.
        let budget = Self.maximumBytes - 64
        var written = 0
        if !errors.isEmpty {
            out += ",\"errors\":["
            for e in errors.prefix(Self.maximumErrors) {
                let item = "{\"pointer\":" + JSONWriter.quotedText(Self.cut(e.pointer, Self.maximumErrorFieldBytes))
                    + ",\"detail\":" + JSONWriter.quotedText(Self.cut(e.detail, Self.maximumErrorFieldBytes)) + "}"
                guard out.utf8.count + item.utf8.count + 1 <= budget else { break }
                if written > 0 { out += "," }
                out += item
                written += 1
            }
            out += "]"
            if written < errors.count { out += ",\"moreErrors\":" + String(errors.count - written) }
        }
        return out + "}"
    }

    /// `text` cut to at most `limit` UTF-8 bytes on a character boundary, ending in `…` when cut.
    static func cut(_ text: String, _ limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var kept = 0
        var end = text.unicodeScalars.startIndex
        for (index, scalar) in zip(text.unicodeScalars.indices, text.unicodeScalars) {
            let width = UTF8.width(scalar)
            if kept + width > limit - 3 { break }  // 3: the bytes of "…"
            kept += width
            end = text.unicodeScalars.index(after: index)
        }
        return String(text.unicodeScalars[..<end]) + "…"
    }

    public var response: HTTPResponse {
        let headers = RepresentationHeaders.make(
            contentType: "application/problem+json", etag: nil, cacheControl: "no-store",
            variesWithEncoding: false, gzip: false, extra: allow.map { [("Allow", $0)] } ?? [])
        return HTTPResponse(status: status, headers: headers, body: Array(json.utf8))
    }

    // The errors the service raises itself, named once so titles stay consistent.
    public static func notFound(_ detail: String) -> APIProblem {
        APIProblem(status: .notFound, kind: "not-found", title: "Not found", detail: detail)
    }

    public static func methodNotAllowed(_ method: String, path: String, allow: String) -> APIProblem {
        APIProblem(status: .methodNotAllowed, kind: "method-not-allowed", title: "Method not allowed",
                       detail: "\(method) is not allowed on \(path); allowed: \(allow)", allow: allow)
    }

    public static func malformedJSON(_ detail: String) -> APIProblem {
        APIProblem(status: .badRequest, kind: "malformed-json", title: "Malformed JSON", detail: detail)
    }

    public static func badRequest(_ detail: String, errors: [FieldError] = []) -> APIProblem {
        APIProblem(status: .badRequest, kind: "bad-request", title: "Bad request", detail: detail, errors: errors)
    }

    public static func unsupportedMediaType(_ type: String) -> APIProblem {
        APIProblem(status: .unsupportedMediaType, kind: "unsupported-media-type", title: "Unsupported media type",
                       detail: "the body must be JSON (application/json), got \(type)")
    }

    public static func unprocessable(_ title: String, errors: [FieldError]) -> APIProblem {
        // Only the errors the document can show (the detail is cut when written anyway).
        let detail = errors.isEmpty ? title
            : errors.prefix(maximumErrors).map { "\($0.pointer.isEmpty ? "body" : $0.pointer): \($0.detail)" }.joined(separator: "; ")
        return APIProblem(status: .unprocessableContent, kind: "validation", title: title, detail: detail, errors: errors)
    }

    /// 413 for an array or object in the body with more than `limits.batchItems` entries:
    /// like a body over the byte limit, the request is larger than the service takes at once
    /// and the remedy is to split it; its values may all be fine, so it is not a 422. `limit`
    /// says by how much, and `count` how many there were when the body was read to its end (the
    /// parser stops at the first entry past the limit and leaves `count` out).
    public static func tooManyItems(at pointer: String, count: Int?, limit: Int) -> APIProblem {
        let name = pointer.isEmpty ? "the body" : pointer
        let held = count.map { "\($0) entries" } ?? "more than \(limit) entries"
        return APIProblem(
            status: .contentTooLarge, kind: "too-many-items", title: "Too many items",
            detail: "\(name) holds \(held); at most \(limit) are accepted in one request (split it)",
            errors: [FieldError(pointer: pointer, detail: "must hold at most \(limit) entries, got " + (count.map(String.init) ?? "more"))],
            counts: [Count("limit", limit)] + (count.map { [Count("count", $0)] } ?? []))
    }

    public static func unavailable(_ detail: String) -> APIProblem {
        APIProblem(status: .serviceUnavailable, kind: "unavailable", title: "Service unavailable", detail: detail)
    }

    public static func internalError(_ detail: String) -> APIProblem {
        APIProblem(status: .internalServerError, kind: "internal", title: "Internal error", detail: detail)
    }
}
