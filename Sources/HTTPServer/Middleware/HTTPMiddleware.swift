/// Wraps a responder: may change the request, answer on its own, or change the response.
/// Runs on the event loop like every responder (must not block).
public protocol HTTPMiddleware: Sendable {
    func respond(to request: HTTPRequest, next: (HTTPRequest) -> HTTPResponse) -> HTTPResponse
}

/// A middleware from a closure.
public struct ClosureMiddleware: HTTPMiddleware {
    let body: @Sendable (HTTPRequest, (HTTPRequest) -> HTTPResponse) -> HTTPResponse

    public init(_ body: @escaping @Sendable (HTTPRequest, (HTTPRequest) -> HTTPResponse) -> HTTPResponse) {
        self.body = body
    }

    public func respond(to request: HTTPRequest, next: (HTTPRequest) -> HTTPResponse) -> HTTPResponse {
        body(request, next)
    }
}

extension HTTPResponder {
    /// This responder behind `middleware`, the first one outermost (it sees the request first
    /// and the response last).
    public func with(_ middleware: any HTTPMiddleware...) -> MiddlewareChain {
        MiddlewareChain(middleware, in: self)
    }
}
