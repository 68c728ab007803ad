internal import Dispatch
internal import Glibc
internal import CHTTPServerShims

/// One I/O thread's worth of connections: a private epoll set that the loop's own thread waits
/// on with a blocking `epoll_wait`, as nginx's worker does, so a busy loop pays no wake-up
/// beyond that call. Other threads hand it work (accepted sockets, offloaded answers, shutdown
/// steps) through `execute`, whose eventfd is one more entry in the set; the periodic sweep runs
/// when `epoll_wait`'s timeout says it is due. Every other stored property is touched only on
/// that thread (hence `@unchecked Sendable`): no locks on the request path. For the same reason
/// the state touched per request is `@exclusivity(unchecked)` (see `Connection`).
final class EventLoop: @unchecked Sendable {
    let index: Int
    let context: ServerContext
    let epfd: Int32
    /// Work handed in by other threads, and the eventfd that wakes the loop for it.
    private let mailbox: LoopMailbox

    /// Connections by fd number (fds are small and dense), and the same as a list for sweeps.
    @exclusivity(unchecked) private var slots: [Connection?] = []
    @exclusivity(unchecked) private var active: [Connection] = []
    private var generation: UInt32 = 0

    private let maxEvents: Int32 = 256
    private let events: UnsafeMutablePointer<epoll_event>
    private let readCapacity = 64 * 1024
    let readBuffer: UnsafeMutableRawPointer
    /// Reused output buffer: every response of a batch is serialised here, then sent at once.
    @exclusivity(unchecked) private var output = OutputBuffer(capacity: 64 * 1024)
    @exclusivity(unchecked) var date = HTTPDateCache()
    @exclusivity(unchecked) var now: UInt64 = 0
    /// The shared listening socket (see `Listener`); this loop stops watching it for a moment
    /// when out of descriptors.
    private var listener: Listener?
    private var acceptPaused = false
    private var acceptResumeAt: UInt64 = 0
    private var stopped = false
    /// Set once the epoll set is closed and the buffers freed (`retire`, or deinit of a loop
    /// that never started).
    private var released = false

    static let listenerToken = UInt64.max
    static let wakeToken = UInt64.max - 1

    init(index: Int, context: ServerContext) throws(HTTPServerError) {
        self.index = index
        self.context = context
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw .system(call: "epoll_create1", errno: errno) }
        do {
            mailbox = try LoopMailbox()
        } catch {
            close(epfd)
            throw error
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = Self.wakeToken
        guard epoll_ctl(epfd, EPOLL_CTL_ADD, mailbox.fd, &event) == 0 else {
            let code = errno
            close(epfd)
            throw .system(call: "epoll_ctl", errno: code)
        }
        events = .allocate(capacity: Int(maxEvents))
        readBuffer = .allocate(byteCount: readCapacity, alignment: 16)
    }

    deinit {
        if !released { releaseResources() }
    }

    /// Starts the loop's thread; call once. The thread keeps the loop alive until `stop`.
    func start() throws(HTTPServerError) {
        now = Socket.monotonicNanoseconds()
        let retained = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let code = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<EventLoop>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, retained.toOpaque())
        guard code == 0 else {
            retained.release()
            throw .system(call: "pthread_create", errno: code)
        }
        // Named here, before start() returns, for ps, top -H and perf.
        "http.loop.\(index)".withCString { _ = chttp_pthread_setname_np(thread, $0) }
        pthread_detach(thread)
    }

    /// Runs `job` on the loop's thread, after the events at hand. False once the loop has
    /// stopped: the job is dropped, and the caller cleans up what it meant to hand over.
    @discardableResult
    func execute(_ job: @escaping @Sendable () -> Void) -> Bool {
        mailbox.post(job)
    }

    // MARK: event dispatch

    /// The loop's thread: wait for events (or the next sweep), serve them, repeat until `stop`.
    private func run() {
        let interval = context.sweepInterval
        var nextSweep = Socket.monotonicNanoseconds() &+ interval
        while !stopped {
            let current = Socket.monotonicNanoseconds()
            let timeout = current >= nextSweep ? 0 : Int32(clamping: (nextSweep - current + 999_999) / 1_000_000)
            let n = epoll_wait(epfd, events, maxEvents, timeout)
            let failure = n < 0 ? errno : 0
            now = Socket.monotonicNanoseconds()
            date.refresh()
            if n < 0 {
                if failure == EINTR { continue }
                // EBADF, EFAULT, EINVAL: a broken loop; its connections are closed, not lost.
                stop()
                break
            }
            var i = 0
            while i < Int(n) && !stopped {
                handle(token: events[i].data.u64, flags: events[i].events)
                i += 1
            }
            if !stopped && now >= nextSweep {
                sweep()
                nextSweep = now &+ interval
            }
        }
        retire()
    }

    /// What is left once the loop stops: its thread's last act, or done on the caller's thread
    /// for a loop whose thread never started (a failed start). Jobs that came too late still run
    /// (a socket handed over is closed and uncounted, see `register`); later ones are refused
    /// by `execute`.
    func retire() {
        listener = nil
        stopped = true
        for job in mailbox.close() { job() }
        releaseResources()
    }

    /// Closes the epoll set and frees the buffers (the mailbox is closed by then, or closes
    /// its eventfd at its own deinit).
    private func releaseResources() {
        released = true
        close(epfd)
        events.deallocate()
        readBuffer.deallocate()
    }

    private func handle(token: UInt64, flags: UInt32) {
        if token == Self.wakeToken {
            for job in mailbox.take() { job() }
            return
        }
        if token == Self.listenerToken {
            acceptConnections()
            return
        }
        let fd = Int(token & 0xFFFF_FFFF)
        guard fd < slots.count, let conn = slots[fd], conn.token == token else { return }
        if conn.lingering {
            discardInput(conn)
            return
        }
        if let tls = conn.tls, !tls.established {
            continueHandshake(conn, tls)
            return
        }
        if conn.hasPending && flags & (EPOLLOUT.rawValue | EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            writePending(conn)
            if conn.closed || conn.hasPending { return }
        }
        if conn.awaitingOffload {
            // Not reading meanwhile; a connection that failed is closed (the result is dropped).
            if flags & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 { closeConnection(conn) }
            return
        }
        if conn.yielded {
            conn.yielded = false
            setInterest(conn, EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
            serve(conn)
            readBufferedTLS(conn)
            return
        }
        if flags & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 && !conn.hasPending && !conn.closeAfterWrite {
            readAndServe(conn)
        }
    }

    // MARK: accepting

    private func acceptConnections() {
        guard let listener, !stopped else { return }
        // At most 64 per wake-up; level-triggered epoll reports the listener again if more wait.
        for _ in 0..<64 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let (fd, code) = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { listener.accept($0, &length) }
            }
            if fd < 0 {
                switch code {
                case EAGAIN, EWOULDBLOCK: return
                case EINTR, ECONNABORTED, EPROTO: continue
                case EMFILE, ENFILE:
                    // Out of descriptors. Like nginx, free some by closing idle keep-alive
                    // connections; if this loop has none, ask the others and use the reserve
                    // descriptor to refuse one waiting client with a 503, so the listener does
                    // not stay readable and spin.
                    if closeIdleConnections(max: 16) > 0 { continue }
                    for loop in listener.loops where loop !== self {
                        loop.execute { _ = loop.closeIdleConnections(max: 16) }
                    }
                    if !listener.shedOne(refuse: { rejectConnection($0, address: "", closing: false) }) { pauseAccepting() }
                    return
                default:
                    // EBADF: the listener was closed (shutdown); anything else: back off.
                    pauseAccepting()
                    return
                }
            }
            adopt(fd: fd, address: Socket.addressText(storage), via: listener)
        }
    }

    /// Counts an accepted socket and hands it to the next loop in turn (or refuses it at the
    /// connection cap). While draining, accepted clients are still served: their first
    /// response says `Connection: close`.
    func adopt(fd: Int32, address: String, via listener: Listener) {
        let open = context.openConnections.add(1, ordering: .relaxed).newValue
        if open > context.connectionLimit {
            context.openConnections.subtract(1, ordering: .relaxed)
            rejectConnection(fd, address: address)
            return
        }
        context.observer?.connectionOpened(open: open)
        place(fd: fd, address: address, via: listener)
    }

    /// Hands a counted socket to the next loop in turn.
    func place(fd: Int32, address: String, via listener: Listener) {
        let target = listener.nextLoop()
        if target === self {
            register(fd: fd, address: address)
        } else {
            target.handOver(fd: fd, address: address)
        }
    }

    /// Gives this loop a counted socket from another thread; one it can no longer take (it
    /// has stopped) is closed and uncounted here.
    func handOver(fd: Int32, address: String) {
        if !execute({ self.register(fd: fd, address: address) }) { Self.discard(fd: fd, context: context) }
    }

    /// Answers 503 without keeping the connection (cap reached, draining, or out of fds);
    /// the descriptor stays open when `closing` is false (the listener reuses it).
    private func rejectConnection(_ fd: Int32, address: String, closing: Bool = true) {
        if context.tls != nil {
            // A plain 503 means nothing to a TLS client: close before the handshake.
            if closing { close(fd) }
            context.observer?.connectionRejected()
            return
        }
        let start = Socket.monotonicNanoseconds()
        // Read what already arrived so close() does not reset the connection before the client
        // has read the 503.
        _ = recv(fd, readBuffer, readCapacity, Int32(MSG_DONTWAIT))
        let (bytes, response, requestID) = context.errorBytes(
            .serviceUnavailable, "the server is at its connection limit or shutting down", date: date.line)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
        shutdown(fd, Int32(SHUT_WR))
        if closing { close(fd) }
        if let observer = context.observer {
            observer.connectionRejected()
            observer.responseWritten(HTTPExchange(
                request: nil, status: response.status, responseHeaders: response.headers,
                bodyBytes: response.body.count, durationNanoseconds: Socket.monotonicNanoseconds() &- start,
                remoteAddress: address, requestID: requestID))
        }
    }

    private func pauseAccepting() {
        guard !acceptPaused, let listener else { return }
        acceptPaused = true
        acceptResumeAt = now + 100_000_000
        let fd = listener.fd
        if fd >= 0 { epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nil) }
    }

    /// Watches the shared listening socket (on this loop's thread, or before it starts).
    func addListener(_ listener: Listener) {
        self.listener = listener
        let fd = listener.fd
        guard fd >= 0 else { return }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = Self.listenerToken
        epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
    }

    /// Adopts an accepted socket (on this loop's thread).
    func register(fd: Int32, address: String) {
        if stopped {
            Self.discard(fd: fd, context: context)
            return
        }
        Socket.setNoDelay(fd)
        generation &+= 1
        let token = UInt64(UInt32(fd)) | UInt64(generation) << 32
        let conn = Connection(fd: fd, token: token, remoteAddress: address, limits: context.limits, now: Socket.monotonicNanoseconds())
        if let tls = context.tls {
            conn.tls = tls.makeSession(fd: fd, now: conn.lastActivity)
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        event.data.u64 = token
        guard epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event) == 0 else {
            close(fd)
            let open = context.openConnections.subtract(1, ordering: .relaxed).newValue
            context.observer?.connectionClosed(open: open)
            return
        }
        conn.interest = event.events
        let slot = Int(fd)
        if slot >= slots.count { slots.append(contentsOf: repeatElement(nil, count: max(slot + 1 - slots.count, 64))) }
        slots[slot] = conn
        conn.activeIndex = active.count
        active.append(conn)
    }

    /// Closes a counted socket no loop will serve (the loop stopped before adopting it).
    static func discard(fd: Int32, context: ServerContext) {
        close(fd)
        let open = context.openConnections.subtract(1, ordering: .relaxed).newValue
        context.observer?.connectionClosed(open: open)
    }

    // MARK: reading and serving

    func readAndServe(_ conn: Connection) {
        var reads = 0
        while !conn.closed && !conn.hasPending && !conn.closeAfterWrite && !conn.awaitingOffload && !conn.yielded {
            // A request head is read a little at a time: a client pipelining requests it never
            // reads the answers to leaves at most this much parsed-but-unserved input behind.
            let want = conn.parser.phase == .body ? readCapacity : Self.headReadSize
            let n = conn.receive(readBuffer, want)
            if n > 0 {
                let clock = Socket.monotonicNanoseconds()
                now = clock
                if conn.parser.phase == .idle { conn.headStartedAt = clock }
                conn.lastActivity = clock
                conn.parser.clock = clock
                conn.parser.feed(UnsafeRawBufferPointer(start: readBuffer, count: n))
                serve(conn)
                reads += 1
                let buffered = conn.tls?.hasBufferedInput == true
                // A short read means the socket is drained; level-triggered epoll reports
                // the rest otherwise, after other connections had their turn.
                if n < want && !buffered { return }
                // Fairness cap: level-triggered epoll reports the rest in the next round;
                // input OpenSSL holds is not reported, so the connection yields instead.
                if reads >= 4 {
                    if buffered { yieldTurn(conn) }
                    return
                }
            } else if n == 0 {
                // The peer will send nothing more: answer what it sent, then close.
                if conn.hasPending {
                    conn.closeAfterWrite = true
                } else if !conn.closed {
                    closeConnection(conn)
                }
                return
            } else {
                let code = errno
                if code == EAGAIN || code == EWOULDBLOCK { return }
                if code == EINTR { continue }
                closeConnection(conn)
                return
            }
        }
    }

    /// Lets the loop's other connections go first: epoll reports this one writable at once,
    /// and `handle` picks up where it stopped.
    private func yieldTurn(_ conn: Connection) {
        conn.yielded = true
        setInterest(conn, EPOLLOUT.rawValue)
    }

    /// Reading resumes (after a yield, queued output, an offloaded answer): input OpenSSL read
    /// ahead of what was served is read now, since epoll will not report it.
    private func readBufferedTLS(_ conn: Connection) {
        if conn.tls?.hasBufferedInput == true { readAndServe(conn) }
    }

    /// Answers every complete request buffered in the parser, then writes the batch with one
    /// `send`. Stops at the first request that ends the connection.
    private func serve(_ conn: Connection) {
        var out = takeOutput()
        defer { recycle(&out) }
        var produced = 0
        parsing: while !conn.closeAfterWrite {
            // Matched on the returned value itself: binding it first would copy the request.
            switch conn.parser.next() {
            case .needMore:
                break parsing
            case .request(let request):
                if request.body.count >= context.offloadBodySize {
                    // A large body can take a while to decode and validate: answered off the
                    // loop, so the loop's other connections (and accepting) do not wait.
                    offload(conn, request, flushing: &out)
                    return
                }
                let response = context.responder.respond(to: request)
                let (bodyBytes, separateBody) = write(consume response, to: consume request, on: conn, into: &out)
                if let separateBody {
                    flush(conn, &out, body: separateBody)
                    if conn.closed || conn.hasPending || conn.closeAfterWrite { return }
                } else if out.count >= Self.batchFlushSize {
                    // Many pipelined responses: send what we have before producing more.
                    flush(conn, &out)
                    if conn.closed || conn.hasPending { return }
                }
                produced += bodyBytes
                if produced >= Self.turnShare && conn.parser.bufferedByteCount > 0 {
                    // A long pipeline does not hold the loop: the rest waits for the next round.
                    flush(conn, &out)
                    if !conn.closed && !conn.hasPending && !conn.closeAfterWrite { yieldTurn(conn) }
                    return
                }
            case .expectContinue:
                out.append(ResponseSerializer.continueLine)
            case .error(let error):
                writeError(conn, error.status, error.detail, request: conn.parser.requestHead, into: &out)
                break parsing
            }
        }
        flush(conn, &out)
    }

    /// Serialises `response` into `out` and tells the observer. A large body is not copied into
    /// `out`: it is returned, to go out after it in one sendmsg with two iovecs. (Below
    /// `largeBody`, one copy into the send buffer and a plain send cost less: profiles of a 2 KB
    /// body showed the kernel's copy from two iovecs costing more than the copy saved.)
    private func write(
        _ response: consuming HTTPResponse, to request: consuming HTTPRequest, on conn: Connection,
        into out: inout OutputBuffer
    ) -> (bodyBytes: Int, separateBody: [UInt8]?) {
        let keepAlive = keepsAlive(conn, request, response)
        let large = response.body.count >= Self.largeBody
        let requestID = context.requestID(sent: request.headers)
        let bodyBytes = ResponseSerializer.serialize(
            response, isHead: request.method == .head, keepAlive: keepAlive,
            http10: request.version == .http1_0, date: date.line, requestID: requestID, into: &out, appendBody: !large)
        conn.requestsServed += 1
        if let observer = context.observer {
            let end = Socket.monotonicNanoseconds()
            let receivedAt = request.receivedAt
            // The request and the response's fields are done with: they move into the exchange
            // rather than being copied (a retain and a release per string).
            var headers = HTTPHeaders()
            swap(&headers, &response.headers)
            var exchange = HTTPExchange(
                request: consume request, status: response.status, responseHeaders: consume headers,
                bodyBytes: bodyBytes, durationNanoseconds: end &- receivedAt,
                remoteAddress: conn.remoteAddress, route: response.route, requestID: requestID?.value)
            observer.responseWritten(exchange)
            exchange.returnStorage(to: &conn.parser)
        } else {
            conn.parser.reuseStorage(of: &request)
        }
        return (bodyBytes, large && bodyBytes > 0 ? response.body : nil)
    }

    /// Answers `request` on a worker queue. Responses already serialised are sent first;
    /// reading pauses until its response is written, keeping order.
    private func offload(_ conn: Connection, _ request: HTTPRequest, flushing out: inout OutputBuffer) {
        conn.awaitingOffload = true
        setInterest(conn, 0)
        flush(conn, &out)
        let token = conn.token
        let responder = context.responder
        context.offloadQueue.async { [self] in
            let response = responder.respond(to: request)
            execute { [self] in finishOffload(token: token, request: request, response: response) }
        }
    }

    /// Whether the connection stays open after this response. While draining, requests already
    /// received still get answers: only the last buffered one says `Connection: close`. A close
    /// the client did not ask for ends with a lingering close, so a request it sent meanwhile
    /// meets a FIN after our response rather than a reset that could destroy that response.
    private func keepsAlive(_ conn: Connection, _ request: HTTPRequest, _ response: HTTPResponse) -> Bool {
        let keepAlive = request.keepAlive && !ResponseSerializer.asksToClose(response)
            && (!context.draining.load(ordering: .relaxed) || conn.parser.bufferedByteCount > 0)
        if !keepAlive {
            conn.closeAfterWrite = true
            if request.keepAlive { conn.lingerAfterWrite = true }
        }
        return keepAlive
    }

    private func finishOffload(token: UInt64, request: HTTPRequest, response: HTTPResponse) {
        let fd = Int(token & 0xFFFF_FFFF)
        // The connection may have been closed (client gone, forced shutdown) meanwhile.
        guard !stopped, fd < slots.count, let conn = slots[fd], conn.token == token, conn.awaitingOffload else { return }
        conn.awaitingOffload = false
        now = Socket.monotonicNanoseconds()
        var out = takeOutput()
        let (_, separateBody) = write(response, to: request, on: conn, into: &out)
        conn.lastActivity = now
        if conn.hasPending {
            // Earlier responses still queued: this one goes behind them (EPOLLOUT is armed).
            conn.pending.append(out.copy(from: 0))
            if let separateBody { conn.pending.append(separateBody) }
            setInterest(conn, EPOLLOUT.rawValue)
            recycle(&out)
            return
        }
        if let separateBody { flush(conn, &out, body: separateBody) } else { flush(conn, &out) }
        recycle(&out)
        guard !conn.closed, !conn.hasPending, !conn.closeAfterWrite, !conn.lingering else { return }
        setInterest(conn, EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
        // Requests pipelined behind the offloaded one are already buffered.
        if conn.parser.bufferedByteCount > 0 { serve(conn) }
        readBufferedTLS(conn)
    }

    /// Appends a server error response and marks the connection for a lingering close.
    /// `request` is the refused request's head when it was parsed.
    private func writeError(
        _ conn: Connection, _ status: HTTPStatus, _ detail: String, request: HTTPRequest?, into out: inout OutputBuffer
    ) {
        let response = context.errorResponse(status, detail, request)
        let requestID = request.map { context.requestID(sent: $0.headers) } ?? context.newRequestID()
        let bodyBytes = ResponseSerializer.serialize(
            response, isHead: false, keepAlive: false, http10: false, date: date.line, requestID: requestID, into: &out)
        conn.closeAfterWrite = true
        conn.lingerAfterWrite = true
        if let observer = context.observer {
            let start = conn.headStartedAt == 0 ? now : conn.headStartedAt
            observer.responseWritten(HTTPExchange(
                request: request, status: response.status, responseHeaders: response.headers, bodyBytes: bodyBytes,
                durationNanoseconds: Socket.monotonicNanoseconds() &- start, remoteAddress: conn.remoteAddress,
                requestID: requestID?.value))
        }
    }

    /// Bodies from this size on are sent from the response's own storage, not copied (and,
    /// when the client is slow, queued by reference: a cached body is shared, not duplicated
    /// per connection).
    static let largeBody = 16 * 1024
    /// Pipelined responses are sent once this much is serialised; with `largeBody`, this
    /// bounds the bytes copied into one connection's queued output.
    static let batchFlushSize = 32 * 1024
    /// Response body bytes one connection's pipelined requests may produce per round.
    static let turnShare = 64 * 1024
    /// recv size while a request head is expected (bodies are read 64 KiB at a time).
    static let headReadSize = 4 * 1024
    /// Once the listener is closed, a keep-alive connection idle this long is closed. Not
    /// before: during the grace period every client that sends gets `Connection: close` and
    /// leaves at that response boundary, so those left idle after it are idle indeed (closing
    /// busy ones would race their next request).
    static let drainIdle: UInt64 = 100_000_000

    /// One `send` for everything serialised, or, with a large `body` kept out of `out`, one
    /// sendmsg for both (writev does not take MSG_NOSIGNAL). Whatever the kernel does not take
    /// waits for EPOLLOUT.
    private func flush(_ conn: Connection, _ out: inout OutputBuffer, body: [UInt8] = []) {
        guard !conn.closed else { return }
        let total = out.count + body.count
        if total > 0 {
            let sent = out.withBytes { head in
                body.isEmpty ? conn.transmit(head.baseAddress, total)
                             : conn.tls?.write(head, body) ?? Self.sendBoth(conn.fd, head, body)
            }
            if sent < 0 {
                let code = errno
                if code != EAGAIN && code != EWOULDBLOCK && code != EINTR {
                    closeConnection(conn)
                    return
                }
            }
            let written = max(0, sent)
            if written < total {
                // The rest waits: the unsent part of `out` is copied (the buffer is reused),
                // the body is kept by reference.
                if written < out.count {
                    conn.pending = [out.copy(from: written)]
                    if !body.isEmpty { conn.pending.append(body) }
                    conn.pendingOffset = 0
                } else {
                    conn.pending = [body]
                    conn.pendingOffset = written - out.count
                }
                out.removeAll()
                if written > 0 { conn.lastActivity = Socket.monotonicNanoseconds() }
                setInterest(conn, EPOLLOUT.rawValue)
                return
            }
            out.removeAll()
            conn.lastActivity = now
        }
        if conn.closeAfterWrite { finishClose(conn) }
    }

    /// `head` then `tail` in one sendmsg (two iovecs, no copy of the tail).
    private static func sendBoth(_ fd: Int32, _ head: UnsafeRawBufferPointer, _ tail: [UInt8]) -> Int {
        tail.withUnsafeBytes { tail in
            var vectors = [
                iovec(iov_base: UnsafeMutableRawPointer(mutating: head.baseAddress), iov_len: head.count),
                iovec(iov_base: UnsafeMutableRawPointer(mutating: tail.baseAddress), iov_len: tail.count),
            ]
            return vectors.withUnsafeMutableBufferPointer { iov in
                var message = msghdr()
                message.msg_iov = iov.baseAddress
                message.msg_iovlen = iov.count
                return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
            }
        }
    }


    private func writePending(_ conn: Connection) {
        let sent = sendPending(conn)
        if sent < 0 {
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return }
            closeConnection(conn)
            return
        }
        conn.consumePending(sent)
        conn.lastActivity = now
        guard !conn.hasPending else { return }
        if conn.closeAfterWrite {
            finishClose(conn)
            return
        }
        if conn.awaitingOffload {
            // Earlier responses are out; the offloaded one is still being produced.
            setInterest(conn, 0)
            return
        }
        setInterest(conn, EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
        // Pipelined requests that arrived while we waited are already buffered.
        if conn.parser.bufferedByteCount > 0 { serve(conn) }
        readBufferedTLS(conn)
    }

    /// The first one or two queued chunks in one call.
    private func sendPending(_ conn: Connection) -> Int {
        let offset = conn.pendingOffset
        let first = conn.pending[0]
        guard conn.pending.count > 1 else {
            return first.withUnsafeBytes { conn.transmit($0.baseAddress.map { $0 + offset }, $0.count - offset) }
        }
        return first.withUnsafeBytes { first in
            let head = UnsafeRawBufferPointer(rebasing: first[offset...])
            return conn.tls?.write(head, conn.pending[1]) ?? Self.sendBoth(conn.fd, head, conn.pending[1])
        }
    }

    func setInterest(_ conn: Connection, _ events: UInt32) {
        guard conn.interest != events, !conn.closed else { return }
        var event = epoll_event()
        event.events = events
        event.data.u64 = conn.token
        epoll_ctl(epfd, EPOLL_CTL_MOD, conn.fd, &event)
        conn.interest = events
    }

    // MARK: closing

    /// Output is flushed and the connection must end: close now, or half-close and discard
    /// the client's remaining input for a moment so it reads our error rather than a reset.
    private func finishClose(_ conn: Connection) {
        guard conn.lingerAfterWrite else {
            closeConnection(conn)
            return
        }
        conn.lingering = true
        context.lingering.add(1, ordering: .relaxed)
        conn.lingerDeadline = now + context.lingerTimeout
        conn.closeTransport()
        shutdown(conn.fd, Int32(SHUT_WR))
        setInterest(conn, EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
        discardInput(conn)
    }

    private func discardInput(_ conn: Connection) {
        for _ in 0..<16 {
            let n = recv(conn.fd, readBuffer, readCapacity, 0)
            if n > 0 { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            break
        }
        closeConnection(conn)
    }

    func closeConnection(_ conn: Connection) {
        guard !conn.closed else { return }
        conn.closed = true
        if conn.lingering { context.lingering.subtract(1, ordering: .relaxed) }
        conn.closeTransport()
        // close() also removes the fd from the epoll set (it is never duplicated).
        close(conn.fd)
        slots[Int(conn.fd)] = nil
        let last = active.count - 1
        let i = conn.activeIndex
        if i != last {
            active[i] = active[last]
            active[i].activeIndex = i
        }
        active.removeLast()
        conn.pending = []
        let open = context.openConnections.subtract(1, ordering: .relaxed).newValue
        context.observer?.connectionClosed(open: open)
    }

    // MARK: timeouts

    /// The periodic sweep: timeouts for every connection, draining, resuming a paused listener.
    private func sweep() {
        guard !stopped else { return }
        now = Socket.monotonicNanoseconds()
        date.refresh()
        if let listener, acceptPaused, now >= acceptResumeAt {
            acceptPaused = false
            listener.reopenSpare()
            addListener(listener)
        }
        trimMemoryAfterBurst()
        let draining = context.draining.load(ordering: .relaxed)
        var i = active.count - 1
        while i >= 0 {
            if i < active.count { check(active[i], draining: draining) }
            i -= 1
        }
    }

    private func check(_ conn: Connection, draining: Bool) {
        if let tls = conn.tls, !tls.established {
            checkHandshake(conn, tls, draining: draining)
            return
        }
        // A request being answered off the loop is in flight: no timeout applies to it
        // (its pending output, if any, is still watched below once the work is done).
        if conn.awaitingOffload && !conn.hasPending { return }
        if conn.lingering {
            if now >= conn.lingerDeadline { closeConnection(conn) }
            return
        }
        let elapsed = now &- conn.lastActivity
        if conn.hasPending {
            if elapsed > context.writeTimeout { closeConnection(conn) }
            return
        }
        // A head's and its request's time runs from the head's first byte as the parser saw it:
        // in a long pipeline every read can end inside the next head, so the connection is never
        // idle at a read and `headStartedAt` would keep the first head's time.
        let requestStart = conn.parser.headStarted ? conn.parser.head.receivedAt : conn.headStartedAt
        switch conn.parser.phase {
        case .idle:
            let limit = conn.requestsServed == 0 ? context.headerTimeout : context.idleTimeout
            if elapsed > limit {
                closeConnection(conn)
            } else if draining && elapsed >= Self.drainIdle && context.listenerClosed.load(ordering: .relaxed) {
                // Half-close and linger: a request crossing our FIN meets no reset.
                conn.lingerAfterWrite = true
                finishClose(conn)
            }
        case .head:
            if now &- requestStart > context.headerTimeout {
                timeOut(conn, "the request header section did not arrive within \(Self.seconds(context.headerTimeout))")
            }
        case .body:
            if elapsed > context.bodyTimeout {
                timeOut(conn, "the request body made no progress for \(Self.seconds(context.bodyTimeout))")
            } else if now &- requestStart > context.requestTimeout {
                timeOut(conn, "the request did not arrive within \(Self.seconds(context.requestTimeout))")
            }
        case .failed:
            closeConnection(conn)
        }
    }

    private func timeOut(_ conn: Connection, _ detail: String) {
        var out = takeOutput()
        // A stalled body still knows its request's head (nil for a stalled head).
        writeError(conn, .requestTimeout, detail, request: conn.parser.requestHead, into: &out)
        flush(conn, &out)
        recycle(&out)
    }

    /// The loop's output buffer, taken while a connection is served (so no access to
    /// `output` overlaps the one in progress); `recycle` puts it back.
    private func takeOutput() -> OutputBuffer {
        var out = OutputBuffer()
        swap(&out, &output)
        return out
    }

    /// Gives the output buffer back for reuse, unless a huge response grew it: then it is
    /// released so one large reply does not pin megabytes per loop.

    private func recycle(_ out: inout OutputBuffer) {
        if out.capacity > 1024 * 1024 {
            out = OutputBuffer(capacity: 64 * 1024)
        } else {
            out.removeAll()
        }
        swap(&output, &out)
    }

    /// Once the open connections fall to a quarter of a peak of at least 1,000, the heap
    /// memory freed by their buffers is handed back to the kernel (glibc keeps it otherwise),
    /// off the loop. One loop's sweep wins the exchange; the others see the new peak.
    private func trimMemoryAfterBurst() {
        let open = context.openConnections.load(ordering: .relaxed)
        let peak = context.connectionPeak.load(ordering: .relaxed)
        if open > peak {
            context.connectionPeak.store(open, ordering: .relaxed)
        } else if peak >= 1_000 && open <= peak / 4
                    && context.connectionPeak.compareExchange(expected: peak, desired: open, ordering: .relaxed).exchanged {
            context.offloadQueue.async { _ = chttp_malloc_trim(0) }
        }
    }

    static func seconds(_ ns: UInt64) -> String {
        ns % 1_000_000_000 == 0 ? "\(ns / 1_000_000_000) s" : "\(ns / 1_000_000) ms"
    }

    // MARK: shutdown

    /// Runs the sweep now (draining just began: idle connections go without waiting a tick).
    func sweepNow() { sweep() }

    /// Closes up to `max` idle keep-alive connections (nothing in flight); returns how many.
    func closeIdleConnections(max: Int) -> Int {
        var closed = 0
        var i = active.count - 1
        while i >= 0 && closed < max {
            if i < active.count {
                let conn = active[i]
                if !conn.lingering && !conn.hasPending && !conn.awaitingOffload && conn.requestsServed > 0
                    && conn.parser.phase == .idle {
                    closeConnection(conn)
                    closed += 1
                }
            }
            i -= 1
        }
        return closed
    }

    var connectionCount: Int { active.count }

    /// Closes every connection and ends the loop's thread (runs on it).
    func stop() {
        guard !stopped else { return }
        listener = nil
        while let conn = active.last { closeConnection(conn) }
        stopped = true
    }
}
