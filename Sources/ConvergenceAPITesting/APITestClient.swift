public import ConvergenceAPI
public import HTTPServer

/// The API in process, no socket: each request goes straight to the responder
/// (`ConvergenceService.respond(to:)`) and its `HTTPResponse` comes back as the handler left
/// it, the way Hummingbird's `.router` testing mode calls the router. For what the API answers
/// (routes, problem bodies, caching, CORS); framing, keep-alive, timeouts, the access log and
/// metrics recorded by the observer need a socket (`ServiceHarness`).
///
/// What the server adds on the wire is not here: `Date`, `Content-Length`, `Connection`, and
/// HEAD's body is not dropped.
public final class APITestClient: Sendable {
    public let service: ConvergenceService

    public init(settings: ServiceSettings = ServiceSettings()) throws {
        service = try ConvergenceService(settings: settings, logSink: nil)
    }

    /// One request; `target` is origin-form (`/levels?x=1`), sent as received (percent-encoded).
    public func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil) throws -> APIResponse {
        var fields = HTTPHeaders()
        for (name, value) in headers { fields.add(name, value) }
        guard let known = HTTPMethod(rawValue: method) else { throw UnknownMethod(method: method) }
        let question = target.firstIndex(of: "?")
        let request = HTTPRequest(
            method: known, target: target,
            path: question.map { String(target[..<$0]) } ?? target,
            query: question.map { String(target[target.index(after: $0)...]) },
            headers: fields, body: body.map { Array($0.utf8) } ?? [], remoteAddress: "127.0.0.1")
        return APIResponse(service.respond(to: request))
    }

    public func get(_ target: String, headers: [(String, String)] = []) throws -> APIResponse {
        try send("GET", target, headers: headers)
    }

    public func post(_ target: String, _ body: String, contentType: String? = "application/json") throws -> APIResponse {
        try send("POST", target, headers: contentType.map { [("Content-Type", $0)] } ?? [], body: body)
    }
}

/// A method the server does not know never reaches a responder (the server answers 501): test
/// it over a socket.
public struct UnknownMethod: Error {
    public var method: String
}

/// A response as the responder returned it.
public struct APIResponse: Sendable, TestResponse {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// The metrics label the responder gave it (`/levels/{id}`, `unmatched`).
    public var route: String?

    init(_ response: HTTPResponse) {
        status = response.status.code
        headers = response.headers
        body = response.body
        route = response.route
    }
}
