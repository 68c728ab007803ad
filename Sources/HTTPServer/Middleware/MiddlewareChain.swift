/// A responder behind a list of middleware, the first one outermost.
///
///     let responder = router.with(RequestLog(), CORS(origins: ["*"]))
///     // same as MiddlewareChain([RequestLog(), CORS(...)], in: router)
public struct MiddlewareChain: HTTPResponder {
    public let middleware: [any HTTPMiddleware]
    public let responder: any HTTPResponder

    public init(_ middleware: [any HTTPMiddleware], in responder: any HTTPResponder) {
        self.middleware = middleware
        self.responder = responder
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        call(0, request)
    }

    private func call(_ index: Int, _ request: HTTPRequest) -> HTTPResponse {
        guard index < middleware.count else { return responder.respond(to: request) }
        return middleware[index].respond(to: request) { call(index + 1, $0) }
    }
}
