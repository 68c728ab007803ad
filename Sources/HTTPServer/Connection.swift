/// One accepted socket's state. Owned and touched only by its event loop (see `EventLoop`).
final class Connection {
    let fd: Int32
    /// epoll user data: fd in the low half, a per-loop generation in the high half, so a stale
    /// event for a reused fd number is never delivered to a newer connection.
    let token: UInt64
    let remoteAddress: String
    var parser: HTTPRequestParser
    /// Index in the loop's `active` list (for O(1) removal).
    var activeIndex = 0
    /// epoll events currently registered.
    var interest: UInt32 = 0
    /// Output the kernel did not take yet; while non-empty, reading and parsing pause.
    var pending: [UInt8] = []
    var pendingOffset = 0
    /// Close once the output is flushed (Connection: close, errors, draining).
    var closeAfterWrite = false
    /// After that close, half-close and discard input for a while (error responses).
    var lingerAfterWrite = false
    var lingering = false
    var lingerDeadline: UInt64 = 0
    /// Monotonic ns of the last byte read or the last output progress.
    var lastActivity: UInt64
    /// Monotonic ns when the current request's first byte arrived.
    var headStartedAt: UInt64 = 0
    var requestsServed = 0
    var closed = false
    /// A blocking responder is working on this connection's current request off the loop:
    /// reading and parsing pause until its response is written.
    var awaitingOffload = false

    init(fd: Int32, token: UInt64, remoteAddress: String, limits: HTTPParserLimits, now: UInt64) {
        self.fd = fd
        self.token = token
        self.remoteAddress = remoteAddress
        parser = HTTPRequestParser(limits: limits)
        parser.remoteAddress = remoteAddress
        lastActivity = now
    }

    var hasPending: Bool { pendingOffset < pending.count }
}
