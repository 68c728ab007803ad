import HTTPServer
import HTTPTestSupport
import Testing

/// `OPTIONS *` (RFC 9110 §9.3.7) asks about the server, not a resource: the helpers a
/// responder answers it with, and the answer over a real socket.
@Suite struct ServerWideOptionsTests {
    /// Answers `OPTIONS *` with the methods GET, HEAD and POST; anything else with 200 "ok".
    struct Responder: HTTPResponder {
        func respond(to request: HTTPRequest) -> HTTPResponse {
            if request.isServerWideOptions { return .serverOptions(allow: [.get, .head, .post]) }
            return HTTPResponse(body: Array("ok".utf8))
        }
    }

    @Test func recognisesTheServerWideRequest() {
        #expect(HTTPRequest(method: .options, target: "*", path: "*").isServerWideOptions)
        #expect(!HTTPRequest(method: .options, target: "/", path: "/").isServerWideOptions)
        #expect(!HTTPRequest(method: .get, target: "*", path: "*").isServerWideOptions)
    }

    @Test func allowListsMethodsOnceInOrderWithOptions() {
        let response = HTTPResponse.serverOptions(allow: [.post, .get, .get])
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "GET, POST, OPTIONS")
        #expect(response.body.isEmpty)
        #expect(HTTPResponse.serverOptions(allow: []).headers["Allow"] == "OPTIONS")
    }

    @Test func answeredOnARealPortWithoutEndingTheConnection() throws {
        try TestServer.with(responder: Responder()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\nGET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
            let options = try #require(try client.readResponse())
            #expect(options.status == 204)
            #expect(options.headers["Allow"] == "GET, HEAD, POST, OPTIONS")
            #expect(options.headers["Content-Length"] == nil)
            #expect(!options.closes)
            // The connection stays usable.
            #expect(try client.readResponse()?.bodyText == "ok")
        }
    }
}
