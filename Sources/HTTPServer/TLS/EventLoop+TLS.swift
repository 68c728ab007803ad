internal import Glibc
internal import CHTTPServerShims

/// The event loop's TLS handshake: driven by readiness (WANT_READ → EPOLLIN, WANT_WRITE →
/// EPOLLOUT), bounded by the handshake timeout. Once established, the connection reads and
/// writes through its transport (Connection+Transport.swift) like any other.
extension EventLoop {
    func continueHandshake(_ conn: Connection, _ tls: TLSSession) {
        switch tls.handshake() {
        case .done(let resumed):
            let clock = Socket.monotonicNanoseconds()
            context.observer?.tlsHandshakeCompleted(durationNanoseconds: clock &- tls.startedAt, resumed: resumed)
            now = clock
            conn.lastActivity = clock
            setInterest(conn, EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
            // The request may have arrived with the client's Finished.
            readAndServe(conn)
        case .wantRead:
            setInterest(conn, EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
        case .wantWrite:
            setInterest(conn, EPOLLOUT.rawValue)
        case .failed(let failure):
            context.observer?.tlsHandshakeFailed(failure)
            if failure == .plainHTTP {
                refusePlainHTTP(conn)
            } else {
                closeConnection(conn)
            }
        }
    }

    /// A handshake still running at a sweep: closed past its timeout. In a drain it is treated
    /// as a plain connection is: one under way finishes and gets its answer (with
    /// `Connection: close`), one that has sent nothing is closed once the listener is closed
    /// and it has been silent for `drainIdle`; the drain deadline ends the rest.
    func checkHandshake(_ conn: Connection, _ tls: TLSSession, draining: Bool) {
        if now &- tls.startedAt > context.handshakeTimeout {
            context.observer?.tlsHandshakeFailed(.timeout)
            closeConnection(conn)
        } else if draining && !tls.hasInput && now &- tls.startedAt >= Self.drainIdle
                    && context.listenerClosed.load(ordering: .relaxed) {
            closeConnection(conn)
        }
    }

    /// Plain HTTP on the TLS port: a plain 400 saying so, then the usual lingering close
    /// (the request is discarded, so the client reads the answer rather than a reset).
    private func refusePlainHTTP(_ conn: Connection) {
        conn.tls = nil
        let start = Socket.monotonicNanoseconds()
        let (bytes, response, requestID) = context.errorBytes(
            .badRequest, "this port speaks HTTPS only: use https://", date: date.line)
        _ = bytes.withUnsafeBytes { send(conn.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        context.observer?.responseWritten(HTTPExchange(
            request: nil, status: response.status, responseHeaders: response.headers,
            bodyBytes: response.body.count, durationNanoseconds: Socket.monotonicNanoseconds() &- start,
            remoteAddress: conn.remoteAddress, requestID: requestID))
        conn.lingering = true
        conn.lingerDeadline = now + context.lingerTimeout
        shutdown(conn.fd, Int32(SHUT_WR))
        setInterest(conn, EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
    }
}
