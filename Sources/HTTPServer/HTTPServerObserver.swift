/// Hooks the server calls so a caller can log and count without the server knowing how.
/// Every method runs on an event loop thread (several loops may call concurrently): keep it
/// cheap and non-blocking (buffer log lines, bump counters). All have empty defaults. A class:
/// the loops pass one reference around per response, not a value existential.
public protocol HTTPServerObserver: AnyObject, Sendable {
    /// After each response is serialised into the connection's output (including the
    /// server's own error responses, whose `request` is the refused request's head when it
    /// had been parsed and nil otherwise, and the 503 of a connection refused at the cap).
    func responseWritten(_ exchange: borrowing HTTPExchange)
    /// A connection was accepted; `open` is the count across all loops afterwards.
    func connectionOpened(open: Int)
    /// A connection was closed; `open` is the count across all loops afterwards.
    func connectionClosed(open: Int)
    /// A connection was refused with 503 because the connection cap was reached.
    func connectionRejected()
    /// A TLS handshake finished, `durationNanoseconds` after the connection was accepted.
    func tlsHandshakeCompleted(durationNanoseconds: UInt64, resumed: Bool)
    /// A TLS handshake failed (the connection is closed).
    func tlsHandshakeFailed(_ failure: TLSHandshakeFailure)
}

extension HTTPServerObserver {
    public func responseWritten(_ exchange: borrowing HTTPExchange) {}
    public func connectionOpened(open: Int) {}
    public func connectionClosed(open: Int) {}
    public func connectionRejected() {}
    public func tlsHandshakeCompleted(durationNanoseconds: UInt64, resumed: Bool) {}
    public func tlsHandshakeFailed(_ failure: TLSHandshakeFailure) {}
}
