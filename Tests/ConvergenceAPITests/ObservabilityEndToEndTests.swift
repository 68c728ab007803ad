import ConvergenceAPITesting
import Foundation
import Testing

/// Metrics and probes as the observer records them, so over a real socket.
@Suite struct ObservabilityEndToEndTests {
    /// Metrics are labelled by route template, never raw paths; a path that names no
    /// route or file is `unmatched`; the server's own errors keep the route of their request.
    @Test func metricsLabelsAreRouteTemplates() throws {
        let h = try ServiceHarness()
        _ = try h.get("/compare/moe-vs-dense")
        _ = try h.get("/no/such/thing")
        _ = try h.send("POST", "/score", headers: [("Content-Type", "application/json"), ("Content-Length", "99999999")])
        let text = try h.get("/metrics").bodyText
        #expect(text.contains(#"http_requests_total{route="/compare/{id}",method="GET",status="200"}"#), "\(text)")
        #expect(text.contains(#"http_requests_total{route="unmatched",method="GET",status="404"}"#))
        #expect(text.contains(#"http_requests_total{route="/score",method="POST",status="413"}"#))
        #expect(!text.contains("moe-vs-dense"))
        #expect(!text.contains("/no/such/thing"))
    }

    @Test func operations() throws {
        let h = try ServiceHarness()
        let health = try h.get("/healthz")
        #expect(health.status == 200)
        #expect(health.bodyText == #"{"status":"ok"}"#)
        #expect(try h.get("/readyz").status == 200)
        _ = try h.post("/score", #"{"technology":"moe-vs-dense"}"#)
        let metrics = try h.get("/metrics")
        #expect(metrics.headers["Content-Type"]?.hasPrefix("text/plain") == true)
        #expect(metrics.bodyText.contains(#"http_requests_total{route="/score",method="POST",status="200"}"#))
        #expect(metrics.bodyText.contains(#"convergence_classifications_total{level="L2"}"#))
        #expect(metrics.bodyText.contains("http_request_duration_seconds_bucket"))
        #expect(metrics.bodyText.contains("http_open_connections"))
        let openapi = try object(try h.get("/openapi.json"))
        #expect(openapi["openapi"] as? String == "3.1.0")
        let paths = try #require(openapi["paths"] as? [String: Any])
        for path in ["/score", "/classify", "/levels", "/levels/{id}", "/models", "/models/{id}", "/compare", "/compare/{id}",
                     "/tables", "/tables/{id}", "/technologies", "/technologies/{id}", "/errata", "/calculators/moe-cost",
                     "/calculators/load-imbalance", "/calculators/context-cost", "/healthz", "/readyz", "/metrics", "/openapi.json", "/"] {
            #expect(paths[path] != nil, "\(path) missing from the OpenAPI document")
        }
    }
}
