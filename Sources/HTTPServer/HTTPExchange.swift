/// One request/response exchange, as reported to an `HTTPServerObserver`. Noncopyable: it is
/// reported once and the observer borrows it, so its dozen references are never retained again
/// (a copy per response showed in instruction counts); keep what you need from it.
public struct HTTPExchange: ~Copyable, Sendable {
    /// The request; for the server's own errors its head (empty body) when the head had been
    /// parsed (413, 417, framing 400, body timeout), nil when it had not (414, 431, 503 …).
    public private(set) var request: HTTPRequest?
    /// `request?.method`, held apart: reading it through the optional request copied the whole
    /// request (a retain and a release per string) on every exchange.
    public private(set) var method: HTTPMethod?
    public var status: HTTPStatus
    /// Response headers as the responder set them (without Date/Content-Length/Connection).
    public var responseHeaders: HTTPHeaders
    /// Body bytes sent (0 for HEAD, 204, 304).
    public var bodyBytes: Int
    /// From the request's first byte being parsed to its response being serialised.
    public var durationNanoseconds: UInt64
    /// The peer's address (also in `request.remoteAddress` when there is a request).
    public var remoteAddress: String
    /// The responder's `HTTPResponse.route`, when it set one.
    public var route: String?
    /// The id the response carried (`HTTPServer.Configuration.requestIDField`), nil without ids.
    public var requestID: String?

    public init(
        request: HTTPRequest?, status: HTTPStatus, responseHeaders: HTTPHeaders, bodyBytes: Int,
        durationNanoseconds: UInt64, remoteAddress: String, route: String? = nil, requestID: String? = nil
    ) {
        method = request?.method
        self.request = request
        self.status = status
        self.responseHeaders = responseHeaders
        self.bodyBytes = bodyBytes
        self.durationNanoseconds = durationNanoseconds
        self.remoteAddress = remoteAddress
        self.route = route
        self.requestID = requestID
    }

    /// Once the observer is done, gives the request's storage to `parser` for its next head
    /// (`HTTPRequestParser.reuseStorage(of:)`), in place: moving the request out first copied
    /// all 144 bytes of it twice.
    mutating func returnStorage(to parser: inout HTTPRequestParser) {
        request?.returnStorage(to: &parser)
    }
}

extension HTTPRequest {
    mutating func returnStorage(to parser: inout HTTPRequestParser) {
        parser.reuseStorage(of: &self)
    }
}
