/// One accepted socket's state. Owned and touched only by its event loop (see `EventLoop`).
///
/// The buffers the loop modifies per request are `@exclusivity(unchecked)`: only that loop's
/// thread touches them and no access overlaps another (nothing re-enters the loop while it
/// parses or writes), so the runtime's check, which showed up in instruction counts, proves
/// nothing here.
final class Connection {
    let fd: Int32
    /// epoll user data: fd in the low half, a per-loop generation in the high half, so a stale
    /// event for a reused fd number is never delivered to a newer connection.
    let token: UInt64
    let remoteAddress: String
    @exclusivity(unchecked) var parser: HTTPRequestParser
    /// Index in the loop's `active` list (for O(1) removal).
    var activeIndex = 0
    /// epoll events currently registered.
    var interest: UInt32 = 0
    /// Output the kernel did not take yet, in order: copied bytes and shared response bodies.
    /// While any is queued, reading and parsing pause (so a client that does not read holds
    /// at most one batch of output: see `EventLoop.batchFlushSize`).
    @exclusivity(unchecked) var pending: [[UInt8]] = []
    /// Bytes of `pending[0]` already sent.
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
    /// The current request (a large body) is being answered off the loop:
    /// reading and parsing pause until its response is written.
    var awaitingOffload = false
    /// Served its share of one round with requests still buffered: watched for EPOLLOUT
    /// (writable at once), which brings it back next round, after the other connections.
    var yielded = false
    /// The TLS session when the server speaks HTTPS (see Connection+Transport.swift).
    var tls: TLSSession?

    init(fd: Int32, token: UInt64, remoteAddress: String, limits: HTTPParserLimits, now: UInt64) {
        self.fd = fd
        self.token = token
        self.remoteAddress = remoteAddress
        parser = HTTPRequestParser(limits: limits)
        parser.remoteAddress = remoteAddress
        lastActivity = now
    }

    var hasPending: Bool { !pending.isEmpty }

    /// Drops `count` sent bytes from the front of `pending`.
    func consumePending(_ count: Int) {
        var count = count
        while count > 0, let first = pending.first {
            let left = first.count - pendingOffset
            if count < left {
                pendingOffset += count
                return
            }
            count -= left
            pending.removeFirst()
            pendingOffset = 0
        }
        // An empty chunk (a zero-length body) never holds the queue.
        while let first = pending.first, first.count == pendingOffset {
            pending.removeFirst()
            pendingOffset = 0
        }
    }
}
