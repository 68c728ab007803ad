/// Why a request could not be parsed: the status to answer with (always followed by closing the
/// connection) and a human-readable detail that says where (byte offset in the request, or which
/// header). The server renders it as an RFC 9457 problem+json body.
public struct HTTPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: HTTPStatus
    public var detail: String

    public init(status: HTTPStatus, detail: String) {
        self.status = status
        self.detail = detail
    }

    public var description: String { "\(status.code) \(status.reason): \(detail)" }

    static func badRequest(_ detail: String) -> HTTPParseError {
        HTTPParseError(status: .badRequest, detail: detail)
    }
}
