@testable import ConvergenceAPI
import Prometheus
import Testing

/// `http_requests_total` and `http_request_duration_seconds` are recorded through a cache of
/// recent series and the service's own latency histogram; /metrics keeps the Prometheus text
/// exposition's lines (docs/operations.md, "Metrics").
@Suite struct RequestMetricsTests {
    /// The lines swift-prometheus' Duration histogram writes for the same values and labels
    /// (made as the service made it before: a swift-metrics Timer from its Prometheus factory),
    /// values on, just under and just over bucket bounds, and past the last one.
    @Test func sameLinesAsAPrometheusDurationHistogram() {
        let labels = [("route", "/a\"b\\c\nd")]
        let values: [Int64] = [0, 1, 49_999, 50_000, 50_001, 999_999, 2_500_000, 2_500_001,
                               10_000_000_000, 10_000_000_001, 60_000_000_000]
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = ServiceMetrics.latencyBuckets
        let reference = factory.makeTimer(label: "http_request_duration_seconds", dimensions: labels)
        var histogram = LatencyHistogram(labels: labels, buckets: ServiceMetrics.latencyBuckets)
        for value in values {
            reference.recordNanoseconds(value)
            histogram.recordNanoseconds(value)
        }
        var ours = Array("# TYPE http_request_duration_seconds histogram\n".utf8)
        histogram.emit(name: "http_request_duration_seconds", into: &ours)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: registry.emitToBuffer(), as: UTF8.self))
    }

    /// 40 µs and 3 ms on one route: cumulative buckets, the sum in seconds, the count.
    @Test func bucketsAreCumulativeAndTheSumIsInSeconds() {
        let metrics = ServiceMetrics()
        metrics.recordRequest(route: "/x", method: "GET", status: 200, durationNanoseconds: 40_000)
        metrics.recordRequest(route: "/x", method: "POST", status: 422, durationNanoseconds: 3_000_000)
        let lines = String(decoding: metrics.render(), as: UTF8.self).split(separator: "\n").map(String.init)
        for expected in [
            #"http_request_duration_seconds_bucket{route="/x",le="0.00005"} 1"#,
            #"http_request_duration_seconds_bucket{route="/x",le="0.0025"} 1"#,
            #"http_request_duration_seconds_bucket{route="/x",le="0.005"} 2"#,
            #"http_request_duration_seconds_bucket{route="/x",le="+Inf"} 2"#,
            #"http_request_duration_seconds_sum{route="/x"} 0.00304"#,
            #"http_request_duration_seconds_count{route="/x"} 2"#,
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        // One histogram per route, whatever the methods and statuses.
        #expect(lines.filter { $0.hasPrefix("http_request_duration_seconds_count") }.count == 1)
        #expect(lines.contains("# TYPE http_request_duration_seconds histogram"))
    }

    @Test func noRequestsNoFamily() {
        let text = String(decoding: ServiceMetrics().render(), as: UTF8.self)
        #expect(!text.contains("http_request_duration_seconds"))
    }

    /// Series that share a slot of the recent-series cache (same status, route length and last
    /// byte, same method) are still counted apart, as are the same route's methods and statuses.
    @Test func requestsAreCountedPerSeriesWhateverTheirOrder() {
        let metrics = ServiceMetrics()
        let requests: [(String, String, Int)] = [("/xa", "GET", 200), ("/ya", "GET", 200), ("/xa", "GET", 200),
                                                 ("/xa", "POST", 200), ("/ya", "GET", 404), ("/ya", "GET", 200),
                                                 ("/xa", "GET", 200)]
        for (route, method, status) in requests {
            metrics.recordRequest(route: route, method: method, status: status, durationNanoseconds: 1_000)
        }
        let lines = String(decoding: metrics.render(), as: UTF8.self).split(separator: "\n").map(String.init)
        for expected in [
            #"http_requests_total{route="/xa",method="GET",status="200"} 3"#,
            #"http_requests_total{route="/xa",method="POST",status="200"} 1"#,
            #"http_requests_total{route="/ya",method="GET",status="200"} 2"#,
            #"http_requests_total{route="/ya",method="GET",status="404"} 1"#,
            #"http_request_duration_seconds_count{route="/xa"} 4"#,
            #"http_request_duration_seconds_count{route="/ya"} 3"#,
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
    }
}
