/// A complete response. The server adds `Date`, `Content-Length` and `Connection`, and drops
/// the body (keeping its length) for HEAD; a responder never sets those three, except
/// `Connection: close` to end the connection after this response.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    /// `[UInt8]` is copy-on-write: a cached body is shared, not copied, per request.
    public var body: [UInt8]
    /// Work that may block (disk, network, long computation). When set, the server ignores
    /// the rest of this value, runs the work on a Dispatch worker queue instead of the event
    /// loop, and sends what it returns (pipelined responses stay in order). Use
    /// `HTTPResponse.offloaded { ... }`.
    public var blockingWork: (@Sendable () -> HTTPResponse)?
    /// The route template that produced this response (e.g. `/compare/{id}`), handed to the
    /// observer as `HTTPExchange.route` so it can label metrics without matching the path
    /// again. Never sent.
    public var route: String?

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.blockingWork = nil
        self.route = nil
    }

    /// A response produced by `work` off the event loop: handlers that may block return this,
    /// so only they leave the I/O path.
    public static func offloaded(_ work: @escaping @Sendable () -> HTTPResponse) -> HTTPResponse {
        var response = HTTPResponse()
        response.blockingWork = work
        return response
    }
}

extension HTTPResponse {
    /// The answer to `OPTIONS *` (RFC 9110 §9.3.7: a question about the server, not a
    /// resource): 204 with `Allow` listing `methods` in `HTTPMethod` order, plus OPTIONS.
    public static func serverOptions(allow methods: some Sequence<HTTPMethod>) -> HTTPResponse {
        let listed = Set(methods).union([.options])
        var response = HTTPResponse(status: .noContent)
        response.headers.set("Allow", HTTPMethod.allCases.filter(listed.contains).map(\.rawValue).joined(separator: ", "))
        return response
    }
}
