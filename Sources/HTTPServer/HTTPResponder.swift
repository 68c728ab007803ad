/// What the server calls for every complete request: the one protocol a handler implements.
///
/// `respond` runs on the connection's event loop, so it must not block (no file or network
/// I/O, no locks held for long): the service keeps what it serves in memory. A request whose
/// body reaches `HTTPServer.Configuration.offloadBodySize` is answered on a worker queue
/// instead, so decoding a large body never delays the loop's other connections.
public protocol HTTPResponder: Sendable {
    func respond(to request: HTTPRequest) -> HTTPResponse
}
