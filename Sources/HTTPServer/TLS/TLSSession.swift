internal import COpenSSL
internal import Glibc

/// One connection's OpenSSL session on its non-blocking socket, driven by the event loop:
/// every call returns at once, reporting what the socket must become ready for.
///
/// Reads keep the event loop's level-triggered contract: `read` consumes whole records only
/// (it stops when less than a record's worth of room is left), so no decrypted byte waits
/// inside OpenSSL where epoll cannot see it; read-ahead stays off for the same reason.
final class TLSSession {
    private let ssl: OpaquePointer
    /// Monotonic ns when the connection was accepted (handshake timeout and duration).
    let startedAt: UInt64
    private(set) var established = false
    /// A fatal error happened: no close_notify may be sent.
    private var broken = false
    private var sawFirstByte = false

    /// The client has sent something (a handshake is under way, not just a connection).
    var hasInput: Bool { sawFirstByte }

    /// OpenSSL holds input already taken from the socket (records read ahead, or plaintext not
    /// yet handed out): epoll will not report it, so whoever stops reading must come back for it.
    var hasBufferedInput: Bool { SSL_has_pending(ssl) == 1 }

    /// The largest plaintext one TLS record can carry.
    static let recordSize = 16_384

    init(ssl: OpaquePointer, startedAt: UInt64) {
        self.ssl = ssl
        self.startedAt = startedAt
    }

    deinit { SSL_free(ssl) }

    enum HandshakeStep {
        case done(resumed: Bool)
        case wantRead
        case wantWrite
        case failed(TLSHandshakeFailure)
    }

    func handshake() -> HandshakeStep {
        if !sawFirstByte {
            // A TLS connection opens with a handshake record (0x16); a letter is a plain HTTP
            // request line, refused with a readable 400 instead of a TLS alert.
            var first: UInt8 = 0
            let n = recv(SSL_get_fd(ssl), &first, 1, Int32(MSG_PEEK))
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return .wantRead }
            if n == 1 && first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z") {
                broken = true
                return .failed(.plainHTTP)
            }
            sawFirstByte = true
        }
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            established = true
            return .done(resumed: copenssl_session_reused(ssl) == 1)
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: return .wantRead
        case SSL_ERROR_WANT_WRITE: return .wantWrite
        case let code:
            broken = true
            let failure = TLSHandshakeFailure(sslError: code, reason: copenssl_last_error_reason())
            ERR_clear_error()
            return .failed(failure)
        }
    }

    /// Like recv(2): bytes read (> 0), 0 at the end of the stream, -1 with errno (EAGAIN when
    /// nothing is ready).
    func read(_ buffer: UnsafeMutableRawPointer, _ capacity: Int) -> Int {
        var total = 0
        while capacity - total >= Self.recordSize {
            ERR_clear_error()
            let n = SSL_read(ssl, buffer + total, Int32(capacity - total))
            if n > 0 {
                total += Int(n)
                // Nothing more in hand: another SSL_read would only meet EAGAIN in recv.
                if !hasBufferedInput { return total }
                continue
            }
            if total > 0 { return total }
            return status(n)
        }
        return total
    }

    /// Like send(2): bytes taken (> 0), or -1 with errno (EAGAIN when the socket is full). A
    /// retry after EAGAIN must offer the same bytes again (they may have moved).
    func write(_ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        guard count > 0, let bytes else { return 0 }
        // With partial writes each SSL_write sends one record: go on until the socket is full.
        // A record left half-sent stays in OpenSSL and starts at `bytes + total`, where the
        // caller's retry starts too.
        var total = 0
        while total < count {
            ERR_clear_error()
            let n = SSL_write(ssl, bytes + total, Int32(clamping: count - total))
            if n > 0 {
                total += Int(n)
                continue
            }
            return total > 0 ? total : status(n)
        }
        return total
    }

    /// `head` then `tail`, as one write would; the count taken from both, or -1 with errno.
    func write(_ head: UnsafeRawBufferPointer, _ tail: [UInt8]) -> Int {
        let first = write(head.baseAddress, head.count)
        if first < head.count { return first }
        let second = tail.withUnsafeBytes { write($0.baseAddress, $0.count) }
        return second < 0 ? (first > 0 ? first : second) : first + second
    }

    /// Sends close_notify if the session is healthy (best effort: the socket may be full).
    func close() {
        guard established, !broken else { return }
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
        broken = true
    }

    /// Maps a non-positive SSL_read/SSL_write result to recv/send's convention.
    private func status(_ result: Int32) -> Int {
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            errno = EAGAIN
            return -1
        case SSL_ERROR_ZERO_RETURN:
            return 0
        default:
            broken = true
            ERR_clear_error()
            errno = ECONNRESET
            return -1
        }
    }
}
