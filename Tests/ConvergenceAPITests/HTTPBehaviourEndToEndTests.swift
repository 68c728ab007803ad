@testable import ConvergenceAPI
import Foundation
import HTTPServer
import HTTPTestSupport
import Testing

/// ETag/304, gzip, HEAD, CORS, request ids and client addresses over a real socket.
@Suite struct HTTPBehaviourEndToEndTests {
    @Test func etagAnd304() throws {
        let h = try ServiceHarness()
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
        let h = try ServiceHarness()
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
        let client = try RawHTTPClient(port: h.port)
        try client.send("POST /score HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nContent-Type: application/json\r\nContent-Length: \(batch.utf8.count)\r\n\r\n\(batch)")
        let dynamic = try #require(try client.readResponse())
        #expect(dynamic.headers["Content-Encoding"] == "gzip")
        let inflated = try #require(Gzip.decompress(dynamic.body))
        #expect(String(decoding: inflated, as: UTF8.self).hasPrefix("[{"))
        // tiny bodies are never compressed
        #expect(try h.get("/healthz", headers: [("Accept-Encoding", "gzip")]).headers["Content-Encoding"] == nil)
    }

    @Test func headMirrorsGet() throws {
        let h = try ServiceHarness()
        let get = try h.get("/levels")
        let head = try h.send("HEAD", "/levels")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.headers["Content-Length"] == String(get.body.count))
        #expect(head.headers["ETag"] == get.headers["ETag"])
        #expect(get.headers["Date"] != nil)
    }

    @Test func corsPreflightAndSimpleRequests() throws {
        let h = try ServiceHarness()
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
        let restricted = try ServiceHarness(settings: settings)
        let ok = try restricted.get("/levels", headers: [("Origin", "https://allowed.example")])
        #expect(ok.headers["Access-Control-Allow-Origin"] == "https://allowed.example")
        #expect(ok.headers["Vary"]?.contains("Origin") == true)
        let denied = try restricted.send("OPTIONS", "/score", headers: [("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")])
        #expect(denied.headers["Access-Control-Allow-Origin"] == nil)
    }

    @Test func requestIDsEchoedOrGeneratedAndLogged() throws {
        let h = try ServiceHarness()
        let echoed = try h.get("/healthz", headers: [("X-Request-ID", "trace-42.a")])
        #expect(echoed.headers["X-Request-ID"] == "trace-42.a")
        let generated = try h.get("/healthz", headers: [("X-Request-ID", "has space")])
        let id = try #require(generated.headers["X-Request-ID"])
        #expect(id != "has space" && !id.isEmpty)
        let other = try h.get("/healthz")
        #expect(other.headers["X-Request-ID"] != id)
        let log = h.accessLog()
        #expect(log.contains(#""requestId":"trace-42.a""#))
        #expect(log.contains(#""requestId":"\#(id)""#))
    }

    @Test func forwardedForOnlyFromTrustedProxies() throws {
        let untrusted = try ServiceHarness()
        _ = try untrusted.get("/healthz", headers: [("X-Forwarded-For", "198.51.100.7"), ("X-Request-ID", "xff-untrusted")])
        let line1 = untrusted.accessLog().split(separator: "\n").first { $0.contains("xff-untrusted") } ?? ""
        #expect(line1.contains(#""client":"127.0.0.1""#), "\(line1)")

        var settings = ServiceSettings()
        settings.trustedProxies = ["127.0.0.0/8"]
        let trusted = try ServiceHarness(settings: settings)
        _ = try trusted.get("/healthz", headers: [("X-Forwarded-For", "203.0.113.1, 198.51.100.7"), ("X-Request-ID", "xff-trusted")])
        // The default proxy.header is X-Forwarded-For: a Forwarded header is the client's own.
        _ = try trusted.get("/healthz", headers: [("Forwarded", "for=6.6.6.6"), ("X-Request-ID", "fwd-ignored")])
        let log = trusted.accessLog().split(separator: "\n")
        let line2 = log.first { $0.contains("xff-trusted") } ?? ""
        #expect(line2.contains(#""client":"198.51.100.7""#), "\(line2)")
        let ignored = log.first { $0.contains("fwd-ignored") } ?? ""
        #expect(ignored.contains(#""client":"127.0.0.1""#), "\(ignored)")

        settings.proxyHeader = .forwarded
        let forwarded = try ServiceHarness(settings: settings)
        _ = try forwarded.get("/healthz", headers: [("X-Forwarded-For", "6.6.6.6"),
                                                    ("Forwarded", #"for="[2001:db8::7]:1234";proto=https"#), ("X-Request-ID", "fwd-trusted")])
        let line3 = forwarded.accessLog().split(separator: "\n").first { $0.contains("fwd-trusted") } ?? ""
        #expect(line3.contains(#""client":"2001:db8::7""#), "\(line3)")
    }

    /// HAProxy forwards the client's `X-Forwarded-For` line and adds its own as a second line:
    /// both are one list (RFC 9110 §5.3), and the right end is what the proxy saw.
    @Test func xForwardedForFieldLinesAreOneList() throws {
        var settings = ServiceSettings()
        settings.trustedProxies = ["127.0.0.1"]
        let h = try ServiceHarness(settings: settings)
        let r = try h.get("/healthz", headers: [("X-Forwarded-For", "6.6.6.6"), ("X-Request-ID", "two-lines"),
                                                ("X-Forwarded-For", "198.51.100.7")])
        #expect(r.status == 200)
        let line = h.accessLog().split(separator: "\n").first { $0.contains("two-lines") } ?? ""
        #expect(line.contains(#""client":"198.51.100.7""#), "\(line)")
    }

    @Test func keepAliveServesManyRequestsInOrder() throws {
        let h = try ServiceHarness()
        let client = try RawHTTPClient(port: h.port)
        let body = #"{"technology":"rlhf"}"#
        var pipelined = ""
        for _ in 0..<5 {
            pipelined += "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            pipelined += "POST /score HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        }
        try client.send(pipelined)
        for _ in 0..<5 {
            #expect(try client.readResponse()?.bodyText == #"{"status":"ok"}"#)
            #expect(try client.readResponse()?.bodyText.contains(#""technology":"rlhf""#) == true)
        }
    }

    /// RFC 9110 §13.1.2: If-None-Match compares opaque tags, so the gzip variant's
    /// tag does not validate the identity representation, nor the reverse (cached and computed).
    @Test func gzipTagValidatesOnlyTheGzipVariant() throws {
        var settings = ServiceSettings()
        settings.gzipMinimumBytes = 10
        let h = try ServiceHarness(settings: settings)
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

    /// With a list of allowed origins every response varies on Origin, also when the
    /// request had none (a shared cache must not serve it to a browser); `*` does not vary.
    @Test func restrictedOriginsAlwaysVaryOnOrigin() throws {
        var settings = ServiceSettings()
        settings.corsOrigins = ["https://a.example"]
        let restricted = try ServiceHarness(settings: settings)
        for target in ["/levels", "/classify?score=0.68", "/healthz"] {
            #expect(try restricted.get(target).headers["Vary"]?.contains("Origin") == true, "\(target)")
        }
        let preflight = try restricted.send("OPTIONS", "/score")
        #expect(preflight.headers["Vary"]?.contains("Origin") == true)
        let open = try ServiceHarness()
        #expect(try open.get("/levels").headers["Vary"]?.contains("Origin") != true)
        #expect(try open.get("/levels", headers: [("Origin", "https://a.example")]).headers["Vary"]?.contains("Origin") != true)
    }

    /// Every GET has an ETag (README.md, docs/examples.md): /metrics has a strong tag; `*` revalidates it;
    /// a stale tag gets the current exposition.
    @Test func metricsHasAnETag() throws {
        let h = try ServiceHarness()
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
        let h = try ServiceHarness()
        let r = try h.get("/tables/levels?format=csv&format=json")
        #expect(r.status == 422)
        #expect(try pointers(r) == ["/format"])
    }
}
