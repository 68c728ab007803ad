internal import Glibc
internal import CHTTPServerShims

/// The connection's transport seam: the event loop reads and writes through these, and they
/// go straight to the socket unless the connection speaks TLS (one nil check on the plain path).
extension Connection {
    /// recv(2) semantics: bytes read, 0 at the end of the stream, -1 with errno. Over TLS at
    /// least one whole record is read (up to 16 KiB even when `count` is less): `buffer` must
    /// have that room (the event loop's read buffer is 64 KiB).
    @inline(__always)
    func receive(_ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        guard let tls else { return recv(fd, buffer, count, 0) }
        return tls.read(buffer, max(count, TLSSession.recordSize))
    }

    /// send(2) semantics: bytes taken, or -1 with errno (EAGAIN when the socket is full).
    @inline(__always)
    func transmit(_ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        guard let tls else { return send(fd, bytes, count, Int32(MSG_NOSIGNAL)) }
        return tls.write(bytes, count)
    }

    /// Ends the stream cleanly before the socket closes: close_notify over TLS.
    @inline(__always)
    func closeTransport() {
        tls?.close()
    }
}
