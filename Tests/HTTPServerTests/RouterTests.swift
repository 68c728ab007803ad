import HTTPServer
import HTTPTestSupport
import Testing

@Suite struct RouterTests {
    static func request(_ method: HTTPMethod, _ path: String) -> HTTPRequest {
        HTTPRequest(method: method, target: path, path: path)
    }

    static func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    static func router() -> Router {
        var router = Router()
        router.get("/healthz") { _, route in HTTPResponse(body: Array("health \(route.template)".utf8)) }
        router.get("/compare/{id}") { _, route in HTTPResponse(body: Array("compare \(route["id"] ?? "?") \(route.template)".utf8)) }
        router.get("/compare/all") { _, _ in HTTPResponse(body: Array("all".utf8)) }
        router.post("/score") { request, _ in HTTPResponse(body: request.body) }
        router.get("/static/{path...}") { _, route in HTTPResponse(body: Array("static \(route["path"] ?? "?")".utf8)) }
        router.get("/") { _, _ in HTTPResponse(body: Array("root".utf8)) }
        router.get("/a/{x}/b/{y}") { _, route in HTTPResponse(body: Array("\(route["x"] ?? "")-\(route["y"] ?? "")".utf8)) }
        return router
    }

    @Test func matchesExactAndParameterSegments() {
        let router = Self.router()
        #expect(Self.text(router.respond(to: Self.request(.get, "/healthz"))) == "health /healthz")
        #expect(Self.text(router.respond(to: Self.request(.get, "/compare/moe"))) == "compare moe /compare/{id}")
        // Exact wins over a parameter.
        #expect(Self.text(router.respond(to: Self.request(.get, "/compare/all"))) == "all")
        #expect(Self.text(router.respond(to: Self.request(.get, "/"))) == "root")
        #expect(Self.text(router.respond(to: Self.request(.get, "/a/1/b/2"))) == "1-2")
    }

    @Test func parametersArePercentDecodedOnce() {
        let router = Self.router()
        #expect(Self.text(router.respond(to: Self.request(.get, "/compare/a%20b%252F"))) == "compare a b%2F /compare/{id}")
    }

    @Test func catchAllKeepsTheRawRest() {
        let router = Self.router()
        #expect(Self.text(router.respond(to: Self.request(.get, "/static/css/a%2Fb.css"))) == "static css/a%2Fb.css")
    }

    @Test func unknownPathIs404ProblemJSON() {
        let response = Self.router().respond(to: Self.request(.get, "/nope"))
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(Self.text(response).contains("/nope"))
        #expect(Self.router().respond(to: Self.request(.get, "/compare")).status == .notFound)
        #expect(Self.router().respond(to: Self.request(.get, "/compare/x/y")).status == .notFound)
        #expect(Self.router().respond(to: Self.request(.get, "/compare/")).status == .notFound)
    }

    @Test func wrongMethodIs405WithAllow() {
        let router = Self.router()
        let response = router.respond(to: Self.request(.post, "/healthz"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD")
        let score = router.respond(to: Self.request(.get, "/score"))
        #expect(score.status == .methodNotAllowed)
        #expect(score.headers["Allow"] == "POST")
        // OPTIONS is not synthesised.
        #expect(router.respond(to: Self.request(.options, "/score")).status == .methodNotAllowed)
    }

    @Test func headUsesTheGetHandler() {
        #expect(Self.text(Self.router().respond(to: Self.request(.head, "/healthz"))) == "health /healthz")
    }

    @Test func matchExposesTemplateAndParameters() {
        guard case .found(_, let context) = Self.router().match(method: .get, path: "/compare/x") else {
            Issue.record("no match")
            return
        }
        #expect(context.template == "/compare/{id}")
        #expect(context.parameters == ["id": "x"])
        #expect(Self.router().routeTemplates.contains("/static/{path...}"))
    }

    @Test func customRenderers() {
        var router = Router(
            notFound: { _ in HTTPResponse(status: .notFound, body: Array("custom 404".utf8)) },
            methodNotAllowed: { _, allowed in HTTPResponse(status: .methodNotAllowed, body: Array("\(allowed.count)".utf8)) })
        router.get("/x") { _, _ in HTTPResponse() }
        #expect(Self.text(router.respond(to: Self.request(.get, "/y"))) == "custom 404")
        let response = router.respond(to: Self.request(.delete, "/x"))
        #expect(Self.text(response) == "2")
        #expect(response.headers["Allow"] == "GET, HEAD")
    }

    @Test func laterRegistrationReplaces() {
        var router = Router()
        router.get("/x") { _, _ in HTTPResponse(body: [1]) }
        router.get("/x") { _, _ in HTTPResponse(body: [2]) }
        #expect(router.respond(to: Self.request(.get, "/x")).body == [2])
    }
}

@Suite struct MiddlewareTests {
    struct Tag: HTTPMiddleware {
        let name: String
        func respond(to request: HTTPRequest, next: (HTTPRequest) -> HTTPResponse) -> HTTPResponse {
            var request = request
            request.headers.add("X-Seen", name)
            var response = next(request)
            response.headers.add("X-Order", name)
            return response
        }
    }

    struct Echo: HTTPResponder {
        func respond(to request: HTTPRequest) -> HTTPResponse {
            HTTPResponse(body: Array(request.headers.values(for: "X-Seen").joined(separator: ",").utf8))
        }
    }

    @Test func firstMiddlewareIsOutermost() {
        let chain = Echo().with(Tag(name: "a"), Tag(name: "b"))
        let response = chain.respond(to: HTTPRequest(method: .get, target: "/", path: "/"))
        #expect(String(decoding: response.body, as: UTF8.self) == "a,b")
        #expect(response.headers.values(for: "X-Order") == ["b", "a"])
    }

    @Test func middlewareCanShortCircuit() {
        let deny = ClosureMiddleware { _, _ in HTTPResponse(status: .forbidden) }
        #expect(Echo().with(deny).respond(to: HTTPRequest(method: .get, target: "/", path: "/")).status == .forbidden)
    }
}

@Suite struct PathAndQueryTests {
    @Test func queryStringDecoding() {
        let q = QueryString("a=1&b=x+y&b=%2F%C3%A9&flag&=v&bad=%zz&&c=")
        #expect(q["a"] == "1")
        #expect(q.values(for: "b") == ["x y", "/é"])
        #expect(q["flag"] == "")
        #expect(q[""] == "v")
        #expect(q["bad"] == nil)
        #expect(q["c"] == "")
        #expect(QueryString(nil).items.isEmpty)
        #expect(HTTPRequest(method: .get, target: "/?k=v", path: "/", query: "k=v").queryItems["k"] == "v")
    }

    @Test func percentDecoding() {
        #expect(PercentEncoding.decode("a%20b") == "a b")
        #expect(PercentEncoding.decode("a+b") == "a+b")
        #expect(PercentEncoding.decode("a+b", plusAsSpace: true) == "a b")
        #expect(PercentEncoding.decode("%") == nil)
        #expect(PercentEncoding.decode("%4") == nil)
        #expect(PercentEncoding.decode("%G0") == nil)
        #expect(PercentEncoding.decode("%FF") == nil)   // not UTF-8
    }

    @Test func safePathStaysInsideItsRoot() {
        #expect(SafePath("/")?.segments == [])
        #expect(SafePath("/css/site.css")?.segments == ["css", "site.css"])
        #expect(SafePath("/a/./b//c/")?.segments == ["a", "b", "c"])
        #expect(SafePath("/../../etc/passwd")?.segments == ["etc", "passwd"])
        #expect(SafePath("/a/../../b")?.segments == ["b"])
        #expect(SafePath("/%2e%2e/%2E%2E/etc/passwd")?.segments == ["etc", "passwd"])
        #expect(SafePath("/%252e%252e/x")?.segments == ["%2e%2e", "x"])   // decoded once: a literal name
        #expect(SafePath("/..%2fetc/passwd") == nil)
        #expect(SafePath("/a%2Fb") == nil)
        #expect(SafePath("/a%5cb") == nil)
        #expect(SafePath("/..\\..\\etc") == nil)
        #expect(SafePath("/a%00b") == nil)
        #expect(SafePath("/a%zz") == nil)
        #expect(SafePath("/a/%2e%2e")?.filePath(under: "/srv/public") == "/srv/public/")
        #expect(SafePath("/x/y.js")?.filePath(under: "/srv/public/") == "/srv/public/x/y.js")
    }

    @Test func problemDetailsAreValidJSON() {
        let response = HTTPResponse.problem(.badRequest, detail: "bad \"quote\" \\ and \u{01} at byte 3")
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"type":"about:blank","title":"Bad Request","status":400,"detail":"bad \"quote\" \\ and \u0001 at byte 3"}"#)
    }
}

/// `OPTIONS *` (RFC 9110 §9.3.7): the server-wide request lists every method in use.
@Suite struct RouterServerWideOptionsTests {
    @Test func asteriskOptionsListsEveryMethodInUse() {
        let router = RouterTests.router()
        let response = router.respond(to: HTTPRequest(method: .options, target: "*", path: "*"))
        // RFC 9110 §9.3.7: about the server, not a resource; GET routes also take HEAD.
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "GET, HEAD, POST, OPTIONS")
        #expect(response.body.isEmpty)
    }

    @Test func asteriskOptionsOnAnEmptyRouter() {
        let response = Router().respond(to: HTTPRequest(method: .options, target: "*", path: "*"))
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "OPTIONS")
    }

    @Test func optionsOnAPathIsStillRouted() {
        let router = RouterTests.router()
        let response = router.respond(to: HTTPRequest(method: .options, target: "/healthz", path: "/healthz"))
        #expect(response.status == .methodNotAllowed)
    }

    @Test func asteriskOptionsOnARealPort() throws {
        try TestServer.with(responder: RouterTests.router()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            let options = try #require(try client.readResponse())
            #expect(options.status == 204)
            #expect(options.headers["Allow"] == "GET, HEAD, POST, OPTIONS")
            #expect(options.headers["Content-Length"] == nil)
            #expect(!options.closes)
            // The connection stays usable.
            #expect(try client.readResponse()?.status == 200)
        }
    }

    @Test func helpersForOtherResponders() {
        #expect(HTTPRequest(method: .options, target: "*", path: "*").isServerWideOptions)
        #expect(!HTTPRequest(method: .options, target: "/", path: "/").isServerWideOptions)
        #expect(!HTTPRequest(method: .get, target: "*", path: "*").isServerWideOptions)
        #expect(HTTPResponse.serverOptions(allow: [.post, .get, .get]).headers["Allow"] == "GET, POST, OPTIONS")
    }
}
