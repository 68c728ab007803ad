@testable import ConvergenceAPI
import ConvergenceAPITesting
import Foundation
import HTTPServer
import Testing

/// Validators (ETag, 304), gzip variants and CORS, as the responder renders them (in process).
@Suite struct CachingAndCORSTests {
    @Test func etagAnd304() throws {
        let h = try APITestClient()
        for target in ["/levels", "/technologies/moe-vs-dense", "/score?adoption=0.6&standardization=0.7&controversy=0.3", "/openapi.json"] {
            let first = try h.get(target)
            let tag = try #require(first.headers["ETag"], "\(target) has no ETag")
            #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""))  // strong
            #expect(first.headers["Cache-Control"] == "no-cache")
            let second = try h.get(target, headers: [("If-None-Match", tag)])
            #expect(second.status == 304, "\(target)")
            #expect(second.body.isEmpty)
            #expect(second.headers["ETag"] == tag)
            #expect(try h.get(target, headers: [("If-None-Match", "\"other\"")]).status == 200)
        }
    }

    @Test func gzipWhenAcceptedAndLargeEnough() throws {
        let h = try APITestClient()
        let plain = try h.get("/openapi.json")
        let zipped = try h.get("/openapi.json", headers: [("Accept-Encoding", "gzip, br")])
        #expect(plain.headers["Content-Encoding"] == nil)
        #expect(zipped.headers["Content-Encoding"] == "gzip")
        #expect(zipped.headers["Vary"]?.contains("Accept-Encoding") == true)
        #expect(plain.headers["Vary"]?.contains("Accept-Encoding") == true)
        #expect(zipped.body.count < plain.body.count)
        #expect(Gzip.decompress(zipped.body) == plain.body)
        // its tag differs from the identity one, and only it revalidates the gzip variant
        // (a variant has its own strong tag: RFC 9110 §8.8.3, §13.1.2)
        #expect(zipped.headers["ETag"] != plain.headers["ETag"])
        let tag = try #require(plain.headers["ETag"])
        #expect(try h.get("/openapi.json", headers: [("Accept-Encoding", "gzip"), ("If-None-Match", tag)]).status == 200)
        let gzTag = try #require(zipped.headers["ETag"])
        #expect(try h.get("/openapi.json", headers: [("Accept-Encoding", "gzip"), ("If-None-Match", gzTag)]).status == 304)
        // a dynamic response over the threshold is compressed per request
        let batch = "[" + Array(repeating: #"{"technology":"moe-vs-dense"}"#, count: 10).joined(separator: ",") + "]"
        let dynamic = try h.send("POST", "/score", headers: [("Accept-Encoding", "gzip"), ("Content-Type", "application/json")], body: batch)
        #expect(dynamic.headers["Content-Encoding"] == "gzip")
        let inflated = try #require(Gzip.decompress(dynamic.body))
        #expect(String(decoding: inflated, as: UTF8.self).hasPrefix("[{"))
        // tiny bodies are never compressed
        #expect(try h.get("/healthz", headers: [("Accept-Encoding", "gzip")]).headers["Content-Encoding"] == nil)
    }

    @Test func corsPreflightAndSimpleRequests() throws {
        let h = try APITestClient()
        let pre = try h.send("OPTIONS", "/score", headers: [("Origin", "https://dash.example"), ("Access-Control-Request-Method", "POST"),
                                                            ("Access-Control-Request-Headers", "content-type")])
        #expect(pre.status == 204)
        #expect(pre.headers["Access-Control-Allow-Origin"] == "*")
        #expect(pre.headers["Access-Control-Allow-Methods"]?.contains("POST") == true)
        #expect(pre.headers["Access-Control-Allow-Headers"]?.lowercased().contains("content-type") == true)
        #expect(pre.headers["Access-Control-Allow-Credentials"] == nil)
        let simple = try h.get("/levels", headers: [("Origin", "https://dash.example")])
        #expect(simple.headers["Access-Control-Allow-Origin"] == "*")
        #expect(try h.get("/levels").headers["Access-Control-Allow-Origin"] == nil)

        var settings = ServiceSettings()
        settings.corsOrigins = ["https://allowed.example"]
        let restricted = try APITestClient(settings: settings)
        let ok = try restricted.get("/levels", headers: [("Origin", "https://allowed.example")])
        #expect(ok.headers["Access-Control-Allow-Origin"] == "https://allowed.example")
        #expect(ok.headers["Vary"]?.contains("Origin") == true)
        let denied = try restricted.send("OPTIONS", "/score", headers: [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")])
        #expect(denied.headers["Access-Control-Allow-Origin"] == nil)
    }

    /// RFC 9110 §13.1.2: If-None-Match compares opaque tags, so the gzip variant's
    /// tag does not validate the identity representation, nor the reverse (cached and computed).
    @Test func gzipTagValidatesOnlyTheGzipVariant() throws {
        var settings = ServiceSettings()
        settings.gzipMinimumBytes = 10
        let h = try APITestClient(settings: settings)
        for target in ["/openapi.json", "/classify?score=0.68"] {
            let gz = [("Accept-Encoding", "gzip")]
            let zipped = try h.get(target, headers: gz)
            #expect(zipped.headers["Content-Encoding"] == "gzip", "\(target)")
            let gzTag = try #require(zipped.headers["ETag"])
            let plainTag = try #require(try h.get(target).headers["ETag"])
            #expect(gzTag != plainTag)
            #expect(try h.get(target, headers: [("If-None-Match", gzTag)]).status == 200, "\(target)")
            #expect(try h.get(target, headers: gz + [("If-None-Match", plainTag)]).status == 200, "\(target)")
            let revalidated = try h.get(target, headers: gz + [("If-None-Match", gzTag)])
            #expect(revalidated.status == 304, "\(target)")
            #expect(revalidated.headers["ETag"] == gzTag)
            #expect(try h.get(target, headers: [("If-None-Match", plainTag)]).status == 304, "\(target)")
        }
    }

    /// A table is JSON or CSV by `Accept`: every variant (JSON, CSV, plain or gzip, 200 or
    /// 304) names Accept in its one Vary field, with Accept-Encoding when it has a gzip twin
    /// and Origin when CORS is restricted.
    @Test func tablesVaryOnAccept() throws {
        var settings = ServiceSettings()
        settings.corsOrigins = ["https://a.example"]
        for client in [try APITestClient(), try APITestClient(settings: settings)] {
            for (target, accept) in [("/tables/moe-vs-dense", nil), ("/tables/moe-vs-dense?format=csv", nil),
                                     ("/tables/moe-vs-dense?format=csv&lang=zh", nil), ("/tables/moe-vs-dense", "text/csv")] {
                for encoding in [nil, "gzip"] {
                    var headers: [(String, String)] = []
                    if let accept { headers.append(("Accept", accept)) }
                    if let encoding { headers.append(("Accept-Encoding", encoding)) }
                    let full = try client.get(target, headers: headers)
                    let tag = try #require(full.headers["ETag"], "\(target)")
                    let revalidated = try client.get(target, headers: headers + [("If-None-Match", tag)])
                    #expect(full.status == 200 && revalidated.status == 304, "\(target)")
                    for response in [full, revalidated] {
                        let fields = response.headers.values(for: "Vary")
                        #expect(fields.count == 1, "\(target) \(fields)")
                        let names = (fields.first ?? "").components(separatedBy: ", ")
                        #expect(names.contains("Accept"), "\(target) \(names)")
                        #expect(names.contains("Origin") == (client.service.current.cors.origins.count == 1))
                        if full.headers["Content-Encoding"] == "gzip" { #expect(names.contains("Accept-Encoding")) }
                    }
                }
            }
        }
    }

    /// With a list of allowed origins every response varies on Origin, also when the
    /// request had none (a shared cache must not serve it to a browser); `*` does not vary.
    @Test func restrictedOriginsAlwaysVaryOnOrigin() throws {
        var settings = ServiceSettings()
        settings.corsOrigins = ["https://a.example"]
        let restricted = try APITestClient(settings: settings)
        for target in ["/levels", "/classify?score=0.68", "/healthz"] {
            #expect(try restricted.get(target).headers["Vary"]?.contains("Origin") == true, "\(target)")
        }
        let preflight = try restricted.send("OPTIONS", "/score")
        #expect(preflight.headers["Vary"]?.contains("Origin") == true)
        let open = try APITestClient()
        #expect(try open.get("/levels").headers["Vary"]?.contains("Origin") != true)
        #expect(try open.get("/levels", headers: [("Origin", "https://a.example")]).headers["Vary"]?.contains("Origin") != true)
    }

    /// Every GET has an ETag (README.md, docs/examples.md): /metrics has a strong tag; `*` revalidates it;
    /// a stale tag gets the current exposition.
    @Test func metricsHasAnETag() throws {
        let h = try APITestClient()
        let first = try h.get("/metrics")
        let tag = try #require(first.headers["ETag"])
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""))
        #expect(first.headers["Cache-Control"] == "no-cache")
        let any = try h.get("/metrics", headers: [("If-None-Match", "*")])
        #expect(any.status == 304)
        #expect(any.body.isEmpty)
        let stale = try h.get("/metrics", headers: [("If-None-Match", "\"stale\"")])
        #expect(stale.status == 200)
        #expect(stale.bodyText.contains("convergence_"))
    }

    /// A repeated `format` is a 422 like every other repeated parameter.
    @Test func repeatedFormatIs422() throws {
        let h = try APITestClient()
        let r = try h.get("/tables/levels?format=csv&format=json")
        #expect(r.status == 422)
        #expect(try pointers(r) == ["/format"])
    }
}
