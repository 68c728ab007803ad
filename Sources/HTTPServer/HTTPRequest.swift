/// One parsed request, body complete (chunked bodies already de-chunked).
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request-target exactly as received (origin-form, absolute-form, `*`).
    public var target: String
    /// The path of the target, still percent-encoded (absolute-form reduced to its path).
    public var path: String
    /// The raw query string without the `?`, or nil when the target has none.
    public var query: String? {
        get { hasQuery ? queryText : nil }
        set {
            hasQuery = newValue != nil
            queryText = newValue ?? ""
        }
    }
    /// `query` is stored as a string and a flag: an optional string among the request's parts
    /// made the optimised initialiser build the request twice, copy one and destroy the other
    /// (a retain and a release per part, on every request).
    @usableFromInline var queryText: String
    @usableFromInline var hasQuery: Bool
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The peer's IP address as text (the socket's, not X-Forwarded-For).
    public var remoteAddress: String
    /// Monotonic clock (nanoseconds) when the first byte of this request was parsed.
    public var receivedAt: UInt64
    /// Whether the client lets the connection stay open after this exchange (HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`). Set by the parser.
    public var keepAlive: Bool

    public init(
        method: HTTPMethod, target: String, path: String, query: String? = nil,
        version: HTTPVersion = .http1_1, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
        remoteAddress: String = "", receivedAt: UInt64 = 0, keepAlive: Bool = true
    ) {
        self.method = method
        self.target = target
        self.path = path
        queryText = query ?? ""
        hasQuery = query != nil
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.receivedAt = receivedAt
        self.keepAlive = keepAlive
    }
}

extension HTTPRequest {
    /// `OPTIONS *`: asks about the server in general (RFC 9110 §9.3.7); answer it with
    /// `HTTPResponse.serverOptions(allow:)`.
    public var isServerWideOptions: Bool { method == .options && target == "*" }
}

extension HTTPRequest {
    /// Moves the query out, leaving none.
    mutating func takeQuery() -> String? {
        guard hasQuery else { return nil }
        hasQuery = false
        var text = ""
        swap(&text, &queryText)
        return text
    }
}
