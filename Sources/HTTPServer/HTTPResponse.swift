/// A complete response. The server adds `Date`, `Content-Length` and `Connection`, and drops
/// the body (keeping its length) for HEAD; a responder never sets those three, except
/// `Connection: close` to end the connection after this response.
public struct HTTPResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    /// `[UInt8]` is copy-on-write: a cached body is shared, not copied, per request.
    public var body: [UInt8]
    /// The route template that produced this response (e.g. `/compare/{id}`), handed to the
    /// observer as `HTTPExchange.route` so it can label metrics without matching the path
    /// again. Never sent. (Stored as a string, empty for none: an optional string among the
    /// response's parts made the optimised initialiser build it twice, copy one and destroy
    /// the other.)
    public var route: String? {
        get { routeLabel.isEmpty ? nil : routeLabel }
        set { routeLabel = newValue ?? "" }
    }
    @usableFromInline var routeLabel: String

    @inlinable
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        routeLabel = ""
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

    /// A problem+json response for `status` with a detail that says what went wrong and where.
    public static func problem(_ status: HTTPStatus, detail: String, type: String = "about:blank") -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/problem+json")
        let body = ProblemDetails(type: type, title: status.reason, status: status.code, detail: detail).json
        return HTTPResponse(status: status, headers: headers, body: body)
    }
}
