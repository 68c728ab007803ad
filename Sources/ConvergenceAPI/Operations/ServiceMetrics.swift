import CoreMetrics
public import Prometheus
import JSON
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

        /// The status first: the cheapest field to tell keys apart.
        static func == (a: Self, b: Self) -> Bool {
            a.status == b.status && a.route == b.route && a.method == b.method
        }

        /// A slot of `Requests.recent`, from what costs no hashing: the status, the lengths and
        /// last bytes of route and method.
        var recentSlot: Int {
            let last = route.withUTF8Bytes { $0.last ?? 0 }
            let mix = status &* 31 &+ route.utf8.count &* 7 &+ Int(last) &* 3 &+ method.utf8.count &+ Int(method.utf8.first ?? 0)
            return mix & (Requests.recentSlots - 1)
        }
    }

    /// The counter and the latency histogram of one (route, method, status): found with one
    /// lookup per request, created on first use.
    private struct RequestSeries: Sendable {
        let count: CoreMetrics.Counter
        /// Index in `Requests.latencies`.
        let latency: Int
    }

    /// The series, and the latency histograms (one per route, shared by its methods and
    /// statuses), all under one lock: a request takes it once to find its series and record
    /// its latency. The histograms are the service's own (LatencyHistogram), rendered next to
    /// the registry's families.
    private struct Requests {
        var series: [RequestKey: RequestSeries] = [:]
        var latencyIndex: [String: Int] = [:]
        var latencies: [LatencyHistogram] = []
        /// Series found lately, by `RequestKey.recentSlot`: most requests find theirs here by
        /// comparing keys, without hashing two strings (which was half the metrics' cost).
        static let recentSlots = 64
        var recent = [(key: RequestKey, series: RequestSeries)?](repeating: nil, count: recentSlots)
    }

    private let requests = Mutex(Requests())
    static let latencyName = "http_request_duration_seconds"
    static let latencyBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
        .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
    ]
    /// One counter per level, made on first use. A list scanned with string equality: the
    /// levels are few and their ids short, so this finds one without hashing the id (a
    /// dictionary lookup per answer was a thirtieth of a memoised `POST /score`).
    private let classificationCounters = Mutex<[(level: String, counter: CoreMetrics.Counter)]>([])
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
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
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
        let slot = key.recentSlot
        let counter = requests.withLock { all -> CoreMetrics.Counter in
            let series: RequestSeries
            if let recent = all.recent[slot], recent.key == key {
                series = recent.series
            } else {
                if let found = all.series[key] { series = found } else { series = makeSeries(key, in: &all) }
                all.recent[slot] = (key, series)
            }
            all.latencies[series.latency].recordNanoseconds(Int64(clamping: durationNanoseconds))
            return series.count
        }
        counter.increment()
    }

    private func makeSeries(_ key: RequestKey, in all: inout Requests) -> RequestSeries {
        let latency: Int
        if let existing = all.latencyIndex[key.route] {
            latency = existing
        } else {
            latency = all.latencies.count
            all.latencies.append(LatencyHistogram(labels: [("route", key.route)], buckets: Self.latencyBuckets))
            all.latencyIndex[key.route] = latency
        }
        let made = RequestSeries(
            count: CoreMetrics.Counter(
                label: "http_requests_total",
                dimensions: [("route", key.route), ("method", key.method), ("status", String(key.status))],
                factory: factory),
            latency: latency)
        all.series[key] = made
        return made
    }

    public func recordClassification(level: String) {
        let counter = classificationCounters.withLock { counters in
            if let known = counters.first(where: { $0.level == level }) { return known.counter }
            let c = CoreMetrics.Counter(label: "convergence_classifications_total", dimensions: [("level", level)], factory: factory)
            counters.append((level, c))
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
        var text = registry.emitToBuffer()
        let latencies = requests.withLock { $0.latencies }
        if !latencies.isEmpty {
            text.append(contentsOf: "# TYPE \(Self.latencyName) histogram\n".utf8)
            for histogram in latencies { histogram.emit(name: Self.latencyName, into: &text) }
        }
        return PrometheusExposition.normalize(text, help: Self.help)
    }
}
