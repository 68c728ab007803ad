/// What the server calls for every complete request: the one protocol a handler implements.
///
/// `respond` runs on the connection's event loop, so it must not block (no file or network
/// I/O, no locks held for long): the service keeps what it serves in memory. A handler that
/// may block returns `HTTPResponse.offloaded { ... }`; only that work leaves the loop.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse
}
