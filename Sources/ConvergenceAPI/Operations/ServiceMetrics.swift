import CoreMetrics
public import Prometheus
import Synchronization

/// The service's metrics, through swift-metrics onto its own Prometheus registry (one per
/// service, so tests can run several). Label values are bounded: route templates, never raw
/// paths; methods the server knows; status codes.
public final class ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    private struct RequestKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    /// The counter and the latency timer of one (route, method, status): found with one
    /// lookup per request, created on first use.
    private struct RequestSeries: Sendable {
        let count: CoreMetrics.Counter
        let latency: CoreMetrics.Timer
    }

    private let requestSeries = Mutex<[RequestKey: RequestSeries]>([:])
    private let classificationCounters = Mutex<[String: CoreMetrics.Counter]>([:])
    /// TLS series, made on first use so a plain-HTTP service exposes none of them.
    private let tlsCounters = Mutex<[String: CoreMetrics.Counter]>([:])
    let reloadSuccess: CoreMetrics.Counter
    let reloadFailure: CoreMetrics.Counter
    let openConnections: CoreMetrics.Gauge
    let catalogVersion: CoreMetrics.Gauge
    let rejectedConnections: CoreMetrics.Counter
    let logLinesDropped: CoreMetrics.Counter
    /// The sink whose drops the counter follows, and how many of them it already shows. Read
    /// at render time, not per dropped line, so a stuck log costs the event loops nothing more.
    private let logDrops = Mutex<(sink: LogSink?, shown: Int)>((nil, 0))

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
            .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        self.factory = factory
        reloadSuccess = CoreMetrics.Counter(label: "convergence_reloads_total", dimensions: [("result", "success")], factory: factory)
        reloadFailure = CoreMetrics.Counter(label: "convergence_reloads_total", dimensions: [("result", "failure")], factory: factory)
        openConnections = CoreMetrics.Gauge(label: "http_open_connections", dimensions: [], factory: factory)
        rejectedConnections = CoreMetrics.Counter(label: "http_connections_rejected_total", dimensions: [], factory: factory)
        catalogVersion = CoreMetrics.Gauge(label: "convergence_catalog_version", dimensions: [], factory: factory)
        logLinesDropped = CoreMetrics.Counter(label: "convergence_log_lines_dropped_total", dimensions: [], factory: factory)
    }

    /// `convergence_log_lines_dropped_total` reports this sink's dropped lines.
    public func followLogDrops(of sink: LogSink) {
        logDrops.withLock { $0 = (sink, 0) }
    }

    public func recordRequest(route: String, method: String, status: Int, durationNanoseconds: UInt64) {
        let key = RequestKey(route: route, method: method, status: status)
        let series = requestSeries.withLock { all in
            if let found = all[key] { return found }
            // The timer is per route only: an existing one is shared (swift-metrics hands back
            // the same Prometheus histogram for the same label and dimensions).
            let made = RequestSeries(
                count: CoreMetrics.Counter(
                    label: "http_requests_total",
                    dimensions: [("route", route), ("method", method), ("status", String(status))],
                    factory: factory),
                latency: CoreMetrics.Timer(label: "http_request_duration_seconds", dimensions: [("route", route)], factory: factory))
            all[key] = made
            return made
        }
        series.count.increment()
        series.latency.recordNanoseconds(Int64(clamping: durationNanoseconds))
    }

    public func recordClassification(level: String) {
        let counter = classificationCounters.withLock { counters in
            if let c = counters[level] { return c }
            let c = CoreMetrics.Counter(label: "convergence_classifications_total", dimensions: [("level", level)], factory: factory)
            counters[level] = c
            return c
        }
        counter.increment()
    }

    public func recordReload(success: Bool) {
        (success ? reloadSuccess : reloadFailure).increment()
    }

    /// A finished TLS handshake: `tls_handshakes_total{resumed}` and its duration.
    public func recordTLSHandshake(durationNanoseconds: UInt64, resumed: Bool) {
        tlsCounter("tls_handshakes_total", ("resumed", resumed ? "true" : "false")).increment()
        CoreMetrics.Timer(label: "tls_handshake_duration_seconds", dimensions: [], factory: factory)
            .recordNanoseconds(Int64(clamping: durationNanoseconds))
    }

    /// A failed TLS handshake: `tls_handshake_failures_total{reason}` (a `TLSHandshakeFailure`).
    public func recordTLSHandshakeFailure(reason: String) {
        tlsCounter("tls_handshake_failures_total", ("reason", reason)).increment()
    }

    /// `tls_certificate_expiry_timestamp_seconds`: the serving certificate's notAfter.
    public func setTLSCertificateExpiry(_ unixSeconds: Int64) {
        CoreMetrics.Gauge(label: "tls_certificate_expiry_timestamp_seconds", dimensions: [], factory: factory)
            .record(unixSeconds)
    }

    private func tlsCounter(_ label: String, _ dimension: (String, String)) -> CoreMetrics.Counter {
        tlsCounters.withLock { counters in
            let key = label + "|" + dimension.1
            if let c = counters[key] { return c }
            let c = CoreMetrics.Counter(label: label, dimensions: [dimension], factory: factory)
            counters[key] = c
            return c
        }
    }

    public func recordRejectedConnection() { rejectedConnections.increment() }

    public func setOpenConnections(_ count: Int) { openConnections.record(count) }

    public func setCatalogVersion(_ version: Int) { catalogVersion.record(version) }

    /// Help text of every family the service exports: promtool wants one for each, and the
    /// names follow Prometheus naming (base units, `_total` for counters, `_seconds`).
    static let help: [String: String] = [
        "http_requests_total": "HTTP requests answered, by route template, method and status.",
        "http_request_duration_seconds": "Time to answer a request, in seconds, by route template.",
        "http_open_connections": "Client connections open now.",
        "http_connections_rejected_total": "Connections refused at the connection limit or while shutting down.",
        "convergence_reloads_total": "Configuration reloads (SIGHUP), by result.",
        "convergence_catalog_version": "Version of the loaded catalog: 1 at start, plus one per successful reload.",
        "convergence_classifications_total": "Classifications answered, by level id.",
        "convergence_log_lines_dropped_total": "Access-log lines dropped because the log sink could not keep up.",
        "tls_handshakes_total": "TLS handshakes completed, by whether the session was resumed.",
        "tls_handshake_failures_total": "TLS handshakes that failed, by reason.",
        "tls_handshake_duration_seconds": "Time from accepting a TLS connection to a finished handshake, in seconds.",
        "tls_certificate_expiry_timestamp_seconds": "When the serving certificate expires (notAfter), as a Unix time in seconds.",
    ]

    /// The Prometheus text exposition (format 0.0.4): every family with HELP and TYPE, in a
    /// stable order (PrometheusExposition).
    public func render() -> [UInt8] {
        logDrops.withLock { drops in
            guard let sink = drops.sink else { return }
            let total = sink.droppedLines
            if total > drops.shown { logLinesDropped.increment(by: Int64(total - drops.shown)) }
            drops.shown = max(drops.shown, total)
        }
        return PrometheusExposition.normalize(registry.emitToBuffer(), help: Self.help)
    }
}
