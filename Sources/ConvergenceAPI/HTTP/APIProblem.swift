public import HTTPServer

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

    public var status: HTTPStatus
    /// A short slug; the `type` URI is built from it so clients can branch on it.
    public var kind: String
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    public var allow: String?

    public init(status: HTTPStatus, kind: String, title: String, detail: String, errors: [FieldError] = [], allow: String? = nil) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.errors = errors
        self.allow = allow
    }

    public static let typeBase = "https://convergence.invalid/problems/"

    public var type: String { Self.typeBase + kind }

    public var json: String {
        var out = "{\"type\":" + JSONText.quoted(type) + ",\"title\":" + JSONText.quoted(title)
            + ",\"status\":" + String(status.code) + ",\"detail\":" + JSONText.quoted(detail)
        if !errors.isEmpty {
            out += ",\"errors\":["
            for (i, e) in errors.enumerated() {
                if i > 0 { out += "," }
                out += "{\"pointer\":" + JSONText.quoted(e.pointer) + ",\"detail\":" + JSONText.quoted(e.detail) + "}"
            }
            out += "]"
        }
        return out + "}"
    }

    public var response: HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/problem+json")
        headers.add("Cache-Control", "no-store")
        if let allow { headers.add("Allow", allow) }
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
        let detail = errors.isEmpty ? title
            : errors.map { "\($0.pointer.isEmpty ? "body" : $0.pointer): \($0.detail)" }.joined(separator: "; ")
        return APIProblem(status: .unprocessableContent, kind: "validation", title: title, detail: detail, errors: errors)
    }

    public static func unavailable(_ detail: String) -> APIProblem {
        APIProblem(status: .serviceUnavailable, kind: "unavailable", title: "Service unavailable", detail: detail)
    }

    public static func internalError(_ detail: String) -> APIProblem {
        APIProblem(status: .internalServerError, kind: "internal", title: "Internal error", detail: detail)
    }
}
