import JSON

/// RFC 9457 problem details, rendered as `application/problem+json`.
public struct ProblemDetails: Sendable, Hashable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String

    public init(type: String = "about:blank", title: String, status: Int, detail: String) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
    }

    public init(status: HTTPStatus, detail: String) {
        self.init(title: status.reason, status: status.code, detail: detail)
    }

    /// The JSON document, fields in the RFC's order, strings escaped by the one `JSONWriter`.
    public var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + type.utf8.count + title.utf8.count + detail.utf8.count)
        out.append(contentsOf: #"{"type":"#.utf8)
        JSONWriter.appendQuoted(type, to: &out)
        out.append(contentsOf: #","title":"#.utf8)
        JSONWriter.appendQuoted(title, to: &out)
        out.append(contentsOf: #","status":"#.utf8)
        out.append(contentsOf: String(status).utf8)
        out.append(contentsOf: #","detail":"#.utf8)
        JSONWriter.appendQuoted(detail, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
