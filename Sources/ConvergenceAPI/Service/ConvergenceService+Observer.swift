public import HTTPServer
import Logging

/// Access log and metrics come from the server's observer hook, after each response is
/// serialised, so the server's own errors (400, 408, 413, 414, 431, 501, 503) are logged and
/// counted too, and byte counts are what was sent.
extension ConvergenceService: HTTPServerObserver {
    public func responseWritten(_ exchange: HTTPExchange) {
        let s = current
        // The responder labelled its own responses; only the server's own errors (413, 408 …
        // after the head was parsed) are matched here.
        var template = exchange.route ?? "unmatched"
        if exchange.route == nil, let request = exchange.request, let path = URLDecoding.decodePath(request.path) {
            template = Self.metricsLabel(Route.match(path), status: exchange.status)
        }
        let method = exchange.request?.method.rawValue ?? "-"
        metrics.recordRequest(route: template, method: method, status: exchange.status.code,
                              durationNanoseconds: exchange.durationNanoseconds)
        guard let access = s.accessLogger else { return }
        let request = exchange.request
        let client = s.clients.clientAddress(peer: exchange.remoteAddress, headers: request?.headers)
        s.accessFormatter.log(.init(
            method: method, path: request?.path ?? "-", status: exchange.status.code, bytes: exchange.bodyBytes,
            durationNanoseconds: exchange.durationNanoseconds,
            requestID: exchange.responseHeaders["X-Request-ID"] ?? "-", client: client, route: template), to: access)
    }

    public func connectionOpened(open: Int) { metrics.setOpenConnections(open) }
    public func connectionClosed(open: Int) { metrics.setOpenConnections(open) }
    public func connectionRejected() { metrics.recordRejectedConnection() }
    public func tlsHandshakeCompleted(durationNanoseconds: UInt64, resumed: Bool) {
        metrics.recordTLSHandshake(durationNanoseconds: durationNanoseconds, resumed: resumed)
    }
    public func tlsHandshakeFailed(_ failure: TLSHandshakeFailure) {
        metrics.recordTLSHandshakeFailure(reason: failure.rawValue)
    }

    /// The server's own error responses (413, 408, framing 400, …) as the service answers
    /// everything else: problem+json with an `X-Request-ID` (the client's when sane) and, when
    /// the head had been parsed, the CORS headers for its `Origin`, so a browser sees the
    /// problem rather than a CORS failure. Install as `HTTPServer.Configuration.requestErrorResponse`.
    public func serverError(_ status: HTTPStatus, detail: String, request: HTTPRequest?) -> HTTPResponse {
        var response = Self.serverError(status, detail: detail)
        response.headers.add("X-Request-ID", requestIDs.resolve(request?.headers["X-Request-ID"]))
        if let request { current.cors.decorate(&response.headers, origin: request.headers["Origin"]) }
        return response
    }

    /// The server's own error responses, in the service's problem format.
    public static func serverError(_ status: HTTPStatus, detail: String) -> HTTPResponse {
        let kind: String
        switch status.code {
        case 400: kind = "bad-request"
        case 408: kind = "request-timeout"
        case 413: kind = "content-too-large"
        case 414: kind = "uri-too-long"
        case 431: kind = "header-fields-too-large"
        case 501: kind = "not-implemented"
        case 503: kind = "unavailable"
        case 505: kind = "http-version-not-supported"
        default: kind = "http-error"
        }
        return APIProblem(status: status, kind: kind, title: status.reason, detail: detail).response
    }
}
