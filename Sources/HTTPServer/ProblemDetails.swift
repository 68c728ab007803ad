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

    /// The JSON document, fields in the RFC's order.
    public var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + type.utf8.count + title.utf8.count + detail.utf8.count)
        out.append(contentsOf: #"{"type":"#.utf8)
        Self.appendJSONString(type, to: &out)
        out.append(contentsOf: #","title":"#.utf8)
        Self.appendJSONString(title, to: &out)
        out.append(contentsOf: #","status":"#.utf8)
        out.append(contentsOf: String(status).utf8)
        out.append(contentsOf: #","detail":"#.utf8)
        Self.appendJSONString(detail, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Appends `s` as a JSON string literal (RFC 8259 escaping).
    public static func appendJSONString(_ s: String, to out: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 0xF)]])
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension HTTPResponse {
    /// A problem+json response for `status` with a detail that says what went wrong and where.
    public static func problem(_ status: HTTPStatus, detail: String, type: String = "about:blank") -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/problem+json")
        let body = ProblemDetails(type: type, title: status.reason, status: status.code, detail: detail).json
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}
