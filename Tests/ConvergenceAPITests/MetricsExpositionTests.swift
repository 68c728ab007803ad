@testable import ConvergenceAPI
import ConvergenceAPITesting
import Foundation
import Testing

/// /metrics follows the Prometheus exposition conventions (the API reference in docs/, "Metrics"): `# HELP` and `# TYPE`
/// for every family, a stable order, gzip when asked.
@Suite struct MetricsExpositionTests {
    @Test func familiesAndSeriesAreSortedAndHelped() {
        // Registry order: families and series as a hash table happened to lay them out.
        let registry = """
            # TYPE b_total counter
            b_total{k="z"} 1
            b_total{k="a"} 2
            # TYPE a_seconds histogram
            a_seconds_bucket{route="/y",le="1.0"} 1
            a_seconds_bucket{route="/y",le="+Inf"} 1
            a_seconds_sum{route="/y"} 0.5
            a_seconds_count{route="/y"} 1
            a_seconds_bucket{route="/x",le="1.0"} 0
            a_seconds_bucket{route="/x",le="+Inf"} 2
            a_seconds_sum{route="/x"} 3
            a_seconds_count{route="/x"} 2

            """
        let out = PrometheusExposition.normalize(Array(registry.utf8), help: ["a_seconds": "A\\B\nC", "b_total": "B."])
        let expected = """
            # HELP a_seconds A\\\\B\\nC
            # TYPE a_seconds histogram
            a_seconds_bucket{route="/x",le="1.0"} 0
            a_seconds_bucket{route="/x",le="+Inf"} 2
            a_seconds_sum{route="/x"} 3
            a_seconds_count{route="/x"} 2
            a_seconds_bucket{route="/y",le="1.0"} 1
            a_seconds_bucket{route="/y",le="+Inf"} 1
            a_seconds_sum{route="/y"} 0.5
            a_seconds_count{route="/y"} 1
            # HELP b_total B.
            # TYPE b_total counter
            b_total{k="a"} 2
            b_total{k="z"} 1

            """
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    /// The same counts recorded in a different order give the same bytes.
    @Test func sameCountsSameBytes() {
        let first = ServiceMetrics()
        let second = ServiceMetrics()
        let requests = [("/levels", 200), ("/score", 422), ("/technologies/{id}", 404), ("/compare", 200), ("/tables", 200)]
        for (route, status) in requests {
            first.recordRequest(route: route, method: "GET", status: status, durationNanoseconds: 1_000)
        }
        for (route, status) in requests.reversed() {
            second.recordRequest(route: route, method: "GET", status: status, durationNanoseconds: 1_000)
        }
        for level in ["L0", "L3", "L2", "L1"] { first.recordClassification(level: level) }
        for level in ["L1", "L2", "L3", "L0"] { second.recordClassification(level: level) }
        #expect(first.render() == second.render())
    }

    /// Every family the service exports has HELP and TYPE, and is named as Prometheus asks.
    @Test func everyFamilyHasHelpAndAConventionalName() {
        let metrics = ServiceMetrics()
        metrics.recordRequest(route: "/levels", method: "GET", status: 200, durationNanoseconds: 1_000)
        metrics.recordClassification(level: "L2")
        metrics.recordRejectedConnection()
        let lines = String(decoding: metrics.render(), as: UTF8.self).split(separator: "\n")
        let typed = lines.filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ") }
        #expect(typed.count >= 7)
        for type in typed {
            let name = String(type[2])
            #expect(lines.contains { $0.hasPrefix("# HELP \(name) ") }, "\(name) has no HELP: add it to ServiceMetrics.help")
            if type[3] == "counter" { #expect(name.hasSuffix("_total"), "counter \(name) must end in _total") }
            if type[3] == "histogram" { #expect(name.hasSuffix("_seconds"), "histogram \(name) must be in seconds") }
        }
    }

    @Test func metricsAreGzippedWhenAsked() throws {
        let h = try ServiceHarness()
        _ = try h.get("/levels")
        let zipped = try h.get("/metrics", headers: [("Accept-Encoding", "gzip")])
        #expect(zipped.status == 200)
        #expect(zipped.headers["Content-Encoding"] == "gzip")
        #expect(zipped.headers["Vary"]?.contains("Accept-Encoding") == true)
        let text = String(decoding: try #require(Gzip.decompress(zipped.body)), as: UTF8.self)
        #expect(text.contains("# HELP http_requests_total "))
        let plain = try h.get("/metrics")
        #expect(plain.headers["Content-Encoding"] == nil)
        #expect(plain.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
    }
}
