internal import Dispatch
import Synchronization

/// What every event loop of one server shares: the responder, the observer, limits and
/// timeouts (immutable), and the two counters that cross loops (atomics).
final class ServerContext: Sendable {
    let responder: any HTTPResponder
    let observer: (any HTTPServerObserver)?
    let limits: HTTPParserLimits
    let errorResponse: @Sendable (HTTPStatus, String, HTTPRequest?) -> HTTPResponse
    let headerTimeout: UInt64
    let bodyTimeout: UInt64
    let requestTimeout: UInt64
    let idleTimeout: UInt64
    let writeTimeout: UInt64
    /// How long a connection closed after an error keeps draining input, so the client reads
    /// the error instead of a reset.
    let lingerTimeout: UInt64
    let sweepInterval: UInt64
    let connectionLimit: Int
    /// Set when the port speaks HTTPS only.
    let tls: TLSContext?
    let handshakeTimeout: UInt64
    let openConnections = Atomic<Int>(0)
    /// Connections half-closed after their last response, discarding input until the client
    /// closes (their work is done: a drain deadline reached with only these left cut nothing).
    let lingering = Atomic<Int>(0)
    /// The most connections open since memory was last trimmed (see `EventLoop.sweep`).
    let connectionPeak = Atomic<Int>(0)
    /// Set when shutdown is announced: every response closes its connection.
    let draining = Atomic<Bool>(false)
    /// Set once shutdown closed the listener: idle keep-alive connections go then.
    let listenerClosed = Atomic<Bool>(false)
    /// Requests with a body this large are answered on `offloadQueue`, not on a loop.
    let offloadBodySize: Int
    let offloadQueue = DispatchQueue(label: "http.offload", qos: .utility, attributes: .concurrent)
    /// `requestIDField` (nil: no ids) and its line's start, `Name: `, as bytes.
    let requestIDField: String?
    let requestIDPrefix: [UInt8]
    let requestIDs = RequestIDGenerator()

    init(configuration: HTTPServer.Configuration, responder: any HTTPResponder,
         observer: (any HTTPServerObserver)?, connectionLimit: Int) {
        self.responder = responder
        self.observer = observer
        limits = configuration.limits
        errorResponse = configuration.resolvedErrorResponse
        headerTimeout = configuration.headerTimeout.nanoseconds
        bodyTimeout = configuration.bodyTimeout.nanoseconds
        requestTimeout = configuration.requestTimeout.nanoseconds
        idleTimeout = configuration.idleTimeout.nanoseconds
        writeTimeout = configuration.writeTimeout.nanoseconds
        lingerTimeout = min(2_000_000_000, max(configuration.idleTimeout.nanoseconds, 100_000_000))
        let shortest = [headerTimeout, bodyTimeout, idleTimeout, writeTimeout, requestTimeout].min() ?? 1_000_000_000
        // A coarse per-loop sweep instead of a timer per connection: a quarter of the shortest
        // timeout, between 10 ms and 250 ms.
        sweepInterval = min(250_000_000, max(10_000_000, shortest / 4))
        self.connectionLimit = connectionLimit
        offloadBodySize = max(0, configuration.offloadBodySize)
        tls = configuration.tls
        handshakeTimeout = configuration.handshakeTimeout.nanoseconds
        // A name that is not a token would make every response invalid: no ids then.
        let field = configuration.requestIDField.flatMap { name in
            !name.isEmpty && name.utf8.allSatisfy(HTTPRequestParser.isTokenByte) ? name : nil
        }
        requestIDField = field
        requestIDPrefix = field.map { Array(($0 + ": ").utf8) } ?? []
    }

    /// The id of the exchange answering a request with these headers: the one they carry
    /// when it is sane, else a new one; nil when the server gives no ids.
    func requestID(sent headers: HTTPHeaders) -> ResponseSerializer.RequestID? {
        guard let field = requestIDField else { return nil }
        return .init(prefix: requestIDPrefix, value: requestIDs.resolve(headers[field]))
    }

    /// A new id (for an exchange whose request head was never parsed); nil without ids.
    func newRequestID() -> ResponseSerializer.RequestID? {
        guard requestIDField != nil else { return nil }
        return .init(prefix: requestIDPrefix, value: requestIDs.next())
    }

    /// The complete bytes of a server error response (problem+json, Connection: close).
    func errorBytes(_ status: HTTPStatus, _ detail: String, date: [UInt8])
        -> (bytes: [UInt8], response: HTTPResponse, requestID: String?) {
        let response = errorResponse(status, detail, nil)
        let id = newRequestID()
        var out: [UInt8] = []
        ResponseSerializer.serialize(response, isHead: false, keepAlive: false, http10: false, date: date,
                                     requestID: id, into: &out)
        return (out, response, id?.value)
    }
}
