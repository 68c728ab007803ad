@testable import ConvergenceAPI
import ConvergenceAPITesting
import ConvergenceEngine
import HTTPServer
import JSON
import Testing

@Suite struct JSONParserTests {
    @Test func parsesDocuments() throws {
        let v = try JSONParser.parse(Array(#" {"a":[1,-2.5e1,true,false,null],"b":"x\u00e9\n\ud83d\ude00"} "#.utf8))
        #expect(v["a"] == .array([.number(1), .number(-25), .bool(true), .bool(false), .null]))
        #expect(v["b"] == .string("xé\n😀"))
    }

    @Test(arguments: [
        ("{\"a\":", 1, 6), ("{\"a\" 1}", 1, 6), ("[1,]", 1, 4), ("{\n  \"a\": tru\n}", 2, 8), ("01", 1, 1),
        ("\"abc", 1, 1), ("{} x", 1, 4), ("", 1, 1),
    ])
    func reportsWhere(input: String, line: Int, column: Int) {
        do {
            _ = try JSONParser.parse(Array(input.utf8))
            Issue.record("\(input) parsed")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
        }
    }

    @Test func rejectsDuplicateNamesAndDeepNesting() {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(#"{"a":1,"a":2}"#.utf8)) }
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(deep.utf8)) }
    }
}

@Suite struct ClientAddressTests {
    static func headers(_ fields: [(String, String)]) -> HTTPHeaders {
        HTTPHeaders(fields.map { (name: $0.0, value: $0.1) })
    }

    @Test func untrustedPeerHeadersAreIgnored() {
        let r = ClientAddressResolver(trusted: [])
        #expect(r.clientAddress(peer: "203.0.113.9", fieldValue: "1.2.3.4") == "203.0.113.9")
        #expect(r.clientAddress(peer: "203.0.113.9", headers: Self.headers([("X-Forwarded-For", "1.2.3.4")])) == "203.0.113.9")
    }

    @Test func trustedProxyChainIsWalkedFromTheRight() throws {
        let r = ClientAddressResolver(trusted: [try #require(AddressBlock("10.0.0.0/8")), try #require(AddressBlock("127.0.0.1"))])
        #expect(r.clientAddress(peer: "127.0.0.1", fieldValue: "198.51.100.7, 10.1.2.3") == "198.51.100.7")
        // A client cannot smuggle an address in front of the real one.
        #expect(r.clientAddress(peer: "127.0.0.1", fieldValue: "6.6.6.6, 198.51.100.7") == "198.51.100.7")
        #expect(r.clientAddress(peer: "192.0.2.1", fieldValue: "198.51.100.7") == "192.0.2.1")
        // No header from a trusted proxy: the proxy is the client.
        #expect(r.clientAddress(peer: "127.0.0.1", headers: Self.headers([])) == "127.0.0.1")
    }

    /// RFC 9110 §5.3: field lines with one name are one comma-separated list, in order. HAProxy
    /// forwards the client's own line and appends its own as a second one.
    @Test func everyFieldLineIsRead() throws {
        let r = ClientAddressResolver(trusted: [try #require(AddressBlock("127.0.0.1")), try #require(AddressBlock("10.0.0.0/8"))])
        let haproxy = Self.headers([("X-Forwarded-For", "6.6.6.6"), ("Host", "x"), ("x-forwarded-for", "198.51.100.7")])
        #expect(r.clientAddress(peer: "127.0.0.1", headers: haproxy) == "198.51.100.7")
        let chain = Self.headers([("X-Forwarded-For", "6.6.6.6, 203.0.113.5"), ("X-Forwarded-For", "10.1.1.1, 10.2.2.2")])
        #expect(r.clientAddress(peer: "127.0.0.1", headers: chain) == "203.0.113.5")
        #expect(ClientAddressResolver.combinedValue(["a", "b, c", "d"]) == "a, b, c, d")
        #expect(ClientAddressResolver.combinedValue([]) == nil)
    }

    /// `proxy.header` names the one header the proxy sets; the other is the client's and ignored.
    @Test func onlyTheConfiguredHeaderIsRead() throws {
        let trusted = [try #require(AddressBlock("127.0.0.1"))]
        let both = Self.headers([("Forwarded", "for=6.6.6.6"), ("X-Forwarded-For", "198.51.100.7")])
        let xff = ClientAddressResolver(trusted: trusted, header: .xForwardedFor)
        #expect(xff.clientAddress(peer: "127.0.0.1", headers: both) == "198.51.100.7")
        #expect(xff.clientAddress(peer: "127.0.0.1", headers: Self.headers([("Forwarded", "for=6.6.6.6")])) == "127.0.0.1")
        let forwarded = ClientAddressResolver(trusted: trusted, header: .forwarded)
        let swapped = Self.headers([("X-Forwarded-For", "6.6.6.6"), ("Forwarded", "for=198.51.100.7;proto=http")])
        #expect(forwarded.clientAddress(peer: "127.0.0.1", headers: swapped) == "198.51.100.7")
        #expect(forwarded.clientAddress(peer: "127.0.0.1", headers: Self.headers([("X-Forwarded-For", "6.6.6.6")])) == "127.0.0.1")
    }

    /// RFC 7239 §4 and §6: elements and pairs split outside quoted strings; IPv6 quoted with
    /// its port; several field lines form one list.
    @Test func forwardedElements() throws {
        let r = ClientAddressResolver(trusted: [try #require(AddressBlock("127.0.0.1"))], header: .forwarded)
        #expect(r.clientAddress(peer: "127.0.0.1", fieldValue: #"for=192.0.2.60;proto=http, for="[2001:db8::1]:4711""#) == "2001:db8::1")
        let lines = Self.headers([("Forwarded", #"for="6.6.6.6, for=127.0.0.1""#), ("Forwarded", "for=192.0.2.43;by=127.0.0.1")])
        #expect(r.clientAddress(peer: "127.0.0.1", headers: lines) == "192.0.2.43")
        #expect(ClientAddressResolver.forwardedFor(#"for="a,b";proto=https, For=c"#) == ["a,b", "c"])
        // An obfuscated identifier ends the chain: the last trusted hop is all that is known.
        #expect(r.clientAddress(peer: "127.0.0.1", fieldValue: "for=_hidden, for=127.0.0.1") == "127.0.0.1")
    }

    @Test func blocks() throws {
        let v6 = try #require(AddressBlock("2001:db8::/32"))
        #expect(v6.contains(try #require(AddressBlock.parseAddress("2001:db8::5"))))
        #expect(!v6.contains(try #require(AddressBlock.parseAddress("2001:db9::5"))))
        #expect(AddressBlock("10.0.0.0/33") == nil)
        #expect(AddressBlock("nope") == nil)
    }
}

@Suite struct HTTPHelperTests {
    @Test func gzipRoundTrip() throws {
        let body = Array(String(repeating: "convergence ", count: 500).utf8)
        let gz = try #require(Gzip.compress(body))
        #expect(gz.count < body.count)
        #expect(gz.prefix(2) == [0x1F, 0x8B])  // RFC 1952 magic
        #expect(Gzip.decompress(gz) == body)
    }

    @Test func acceptEncoding() {
        #expect(Gzip.accepted(by: "gzip, deflate, br"))
        #expect(Gzip.accepted(by: "br;q=1.0, gzip;q=0.5"))
        #expect(!Gzip.accepted(by: "gzip;q=0"))
        #expect(!Gzip.accepted(by: "br"))
        #expect(!Gzip.accepted(by: nil))
    }

    @Test func entityTags() {
        let tag = EntityTag.make(Array("abc".utf8))
        #expect(tag.hasPrefix("\"") && tag.hasSuffix("\""))
        #expect(EntityTag.matches(ifNoneMatch: tag, tag: tag))
        #expect(EntityTag.matches(ifNoneMatch: "W/" + tag, tag: tag))
        // RFC 9110 §13.1.2: the opaque tags are compared; the gzip variant's is another tag.
        #expect(!EntityTag.matches(ifNoneMatch: "\"x\", " + EntityTag.gzipVariant(tag), tag: tag))
        #expect(!EntityTag.matches(ifNoneMatch: tag, tag: EntityTag.gzipVariant(tag)))
        #expect(EntityTag.matches(ifNoneMatch: "\"x\", " + EntityTag.gzipVariant(tag), tag: EntityTag.gzipVariant(tag)))
        #expect(EntityTag.matches(ifNoneMatch: "*", tag: tag))
        #expect(!EntityTag.matches(ifNoneMatch: "\"other\"", tag: tag))
        #expect(EntityTag.make(Array("abd".utf8)) != tag)
    }

    /// RFC 3339 §5.6 date-time in UTC: four-digit year, two-digit fields, `Z`; log lines carry milliseconds.
    @Test func rfc3339() {
        #expect(RFC3339.format(epochSeconds: 946_684_800) == "2000-01-01T00:00:00Z")
        #expect(RFC3339.format(epochSeconds: 1_764_956_705, milliseconds: 7) == "2025-12-05T17:45:05.007Z")
    }

    @Test func pathDecoding() {
        #expect(URLDecoding.decodePath("/a%20b/c") == "/a b/c")
        #expect(URLDecoding.decodePath("/a%2Fb") == nil)
        #expect(URLDecoding.decodePath("/%2e%2e/etc/passwd") == nil)
        #expect(URLDecoding.decodePath("/..%5cx") == nil)
        #expect(URLDecoding.decodePath("/a%00") == nil)
        #expect(URLDecoding.decodePath("/a%zz") == nil)
    }

    @Test func queryParameters() {
        let q = QueryParameters("a=1&b=x+y&a=2&c=%41")
        #expect(q["a"] == "1")
        #expect(q.count(of: "a") == 2)
        #expect(q["b"] == "x y")
        #expect(q["c"] == "A")
        #expect(q.names == ["a", "b", "c"])
    }
}

@Suite struct AccessLogFormatterTests {
    let fields = AccessLogFormatter.Fields(
        method: "GET", path: "/a \"b\"", status: 200, bytes: 1234, durationNanoseconds: 1_234_567,
        requestID: "id-1", client: "198.51.100.7", route: "/levels")

    @Test func jsonLineIsOneValidObject() throws {
        let line = AccessLogFormatter(format: .json).line(fields)
        let value = try JSONParser.parse(Array(line.utf8))
        #expect(value["path"] == .string("/a \"b\""))
        #expect(value["status"] == .number(200))
        #expect(value["bytes"] == .number(1234))
        #expect(value["durationMs"] == .number(1.234))
        #expect(value["client"] == .string("198.51.100.7"))
        #expect(!line.contains("\n"))
    }

    @Test func worstCaseFieldsFitAndRoundTrip() throws {
        // Every variable field at its longest escaping (\u00XX per byte), and extreme numbers:
        // the line is written into storage sized up front, so this is that bound's test.
        let controls = String(decoding: (0..<0x20).map { UInt8($0) } + Array("\"\\é".utf8), as: UTF8.self)
        let nasty = String(repeating: controls, count: 40)
        let worst = AccessLogFormatter.Fields(
            method: nasty, path: nasty, status: Int.min, bytes: Int.max, durationNanoseconds: UInt64.max,
            requestID: nasty, client: nasty, route: nasty)
        let json = AccessLogFormatter(format: .json).line(worst)
        let value = try JSONParser.parse(Array(json.utf8))
        #expect(value["path"] == .string(nasty))
        #expect(value["client"] == .string(nasty))
        #expect(!json.contains("\n"))
        let text = AccessLogFormatter(format: .text).line(worst)
        #expect(!text.contains("\n"))
        #expect(text.contains(" bytes=\(Int.max) "))
        #expect(text.contains(" status=\(Int.min) "))
        let empty = AccessLogFormatter.Fields(method: "", path: "", status: 0, bytes: 0, durationNanoseconds: 0,
                                              requestID: "", client: "", route: "")
        #expect(AccessLogFormatter(format: .text).line(empty).hasSuffix(#" INFO access: "" "" status=0 bytes=0 durationMs=0.000 requestId="" client="" route="""#))
    }

    @Test func textLineQuotesWhatWouldSplitIt() {
        let line = AccessLogFormatter(format: .text).line(fields)
        #expect(line.contains(#" INFO access: GET "/a \"b\"" status=200 bytes=1234 durationMs=1.234 requestId=id-1 client=198.51.100.7 route=/levels"#))
    }
}
