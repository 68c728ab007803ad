@testable import ConvergenceAPI
import ConvergenceAPITesting
import Foundation
import HTTPServer
import HTTPTestSupport
import Testing

/// What the server adds on the wire and what the observer logs: HEAD, keep-alive, request ids
/// and client addresses in the access log, over a real socket.
@Suite struct HTTPBehaviourEndToEndTests {
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
}
