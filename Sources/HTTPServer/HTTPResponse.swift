/// A complete response. The server adds `Date`, `Content-Length` and `Connection`, and drops
/// the body (keeping its length) for HEAD; a responder never sets those three, except
/// `Connection: close` to end the connection after this response.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    /// `[UInt8]` is copy-on-write: a cached body is shared, not copied, per request.
    public var body: [UInt8]

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
