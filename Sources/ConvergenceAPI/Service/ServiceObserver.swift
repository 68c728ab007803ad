public import HTTPServer
import Logging

/// Metrics and the access log, from the server's observer hook after each response is
/// serialised, so the server's own errors (400, 408, 413, 414, 431, 501, 503) are logged and
/// counted too, and byte counts are what was sent.
public final class ServiceObserver: HTTPServerObserver {
    let service: ConvergenceService

    public init(service: ConvergenceService) { self.service = service }

    var metrics: ServiceMetrics { service.metrics }

    public func responseWritten(_ exchange: borrowing HTTPExchange) {
        let template = exchange.route ?? label(of: exchange)
        let method = exchange.method?.rawValue ?? "-"
        metrics.recordRequest(route: template, method: method, status: exchange.status.code,
                              durationNanoseconds: exchange.durationNanoseconds)
        guard service.logsRequests.load(ordering: .relaxed) else { return }
        let s = service.current
        guard s.accessLogger != nil else { return }
        // The request's parts are read where they lie: copying the request out of the exchange
        // was a retain and a release per string and array. Its headers matter only behind a
        // trusted proxy.
        let client = s.clients.trusted.isEmpty ? exchange.remoteAddress
            : s.clients.clientAddress(peer: exchange.remoteAddress, headers: exchange.request?.headers)
        let fields = AccessLogFormatter.Fields(
            method: method, path: exchange.request?.path ?? "-", status: exchange.status.code, bytes: exchange.bodyBytes,
            durationNanoseconds: exchange.durationNanoseconds,
            requestID: exchange.requestID ?? "-", client: client, route: template)
        if let sink = s.accessSink {
            s.accessFormatter.write(fields, to: sink)
        } else if let access = s.accessLogger {
            s.accessFormatter.log(fields, to: access)
        }
    }

    /// The responder labels its own responses; only the server's own errors (413, 408 … after
    /// the head was parsed) are matched here, against the same route table.
    func label(of exchange: borrowing HTTPExchange) -> String {
        guard let request = exchange.request, let path = URLDecoding.decodePath(request.path) else { return "unmatched" }
        return service.routes.row(for: path)?.metricsLabel ?? RouteTable.unmatchedLabel(status: exchange.status)
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
}
