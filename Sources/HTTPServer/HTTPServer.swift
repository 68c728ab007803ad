internal import Dispatch
internal import Glibc
import Synchronization

/// An HTTP/1.1 server on POSIX sockets and Dispatch (no SwiftNIO).
///
///     struct Health: HTTPResponder {        // runs on an event loop: must not block
///         func respond(to request: HTTPRequest) -> HTTPResponse {
///             request.path == "/healthz"
///                 ? HTTPResponse(body: Array(#"{"status":"ok"}"#.utf8))
///                 : .problem(.notFound, detail: "no route for \(request.path)")
///         }
///     }
///     let server = HTTPServer(
///         configuration: .init(host: "::", port: 8080),
///         responder: Health(),
///         observer: myMetrics)              // optional: an HTTPServerObserver
///     try server.start()          // throws HTTPServerError.addressInUse when the port is taken
///     ...
///     server.shutdown(deadline: .seconds(10))   // graceful; blocks until stopped
///
/// Design: `eventLoops` threads, each blocking in `epoll_wait` on its own epoll set; every loop
/// watches the listener, and whichever accepts deals the socket round-robin. Responders run on
/// the loop thread and must not block; requests with a large body (`offloadBodySize`) are
/// answered on a Dispatch worker queue.
public final class HTTPServer: Sendable {
    public let configuration: Configuration
    private let responder: any HTTPResponder
    private let observer: (any HTTPServerObserver)?
    private let state = Mutex(State())
    private let stopped = DispatchSemaphore(value: 0)

    private enum Phase { case idle, running, draining, stopped }

    private struct State: @unchecked Sendable {
        var phase = Phase.idle
        var loops: [EventLoop] = []
        var context: ServerContext?
        var listener: Listener?
        var port = 0
        var cutShort = 0
    }

    public init(
        configuration: Configuration = Configuration(), responder: some HTTPResponder,
        observer: (any HTTPServerObserver)? = nil
    ) {
        self.configuration = configuration
        self.responder = responder
        self.observer = observer
    }

    /// Binds, listens and starts the event loops. Returns once the server accepts connections.
    public func start() throws(HTTPServerError) {
        let alreadyStarted = state.withLock { state in
            if state.phase != .idle { return true }
            state.phase = .running
            return false
        }
        if alreadyStarted { throw .alreadyStarted }
        do {
            try startLoops()
        } catch {
            state.withLock { $0.phase = .idle }
            throw error
        }
    }

    private func startLoops() throws(HTTPServerError) {
        let loopCount = max(1, min(64, configuration.eventLoops ?? Socket.affinityCPUCount()))
        var limit = max(1, configuration.maxConnections)
        if let fds = Socket.fileDescriptorLimit() {
            // Leave room for the listener, epoll sets, stdio, logs and whatever the app opens.
            limit = max(1, min(limit, fds - 32 - 2 * loopCount))
        }
        let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let context = ServerContext(configuration: configuration, responder: responder, observer: observer, connectionLimit: limit)
        var loops: [EventLoop] = []
        do {
            for i in 0..<loopCount { loops.append(try EventLoop(index: i, context: context)) }
        } catch {
            close(fd)
            throw error
        }
        let listener = Listener(fd: fd, loops: loops)
        for (started, loop) in loops.enumerated() {
            loop.addListener(listener)
            do {
                try loop.start()
            } catch {
                Self.tearDown(loops, started: started, listener: listener)
                throw error
            }
        }
        let kept = state.withLock { state -> Bool in
            // A shutdown that came while the loops started found nothing to stop.
            guard state.phase == .running else { return false }
            state.loops = loops
            state.context = context
            state.listener = listener
            state.port = port
            return true
        }
        if !kept { Self.tearDown(loops, started: loops.count, listener: listener) }
    }

    /// Undoes a start that failed or was overtaken by `shutdown`: the listener closes (clients
    /// it had queued are closed), the first `started` loops stop on their threads, and the
    /// others are retired here, closing whatever sockets were handed to them.
    private static func tearDown(_ loops: [EventLoop], started: Int, listener: Listener) {
        for (waiting, _) in listener.close() { close(waiting) }
        for running in loops[..<started] { running.execute { running.stop() } }
        for idle in loops[started...] { idle.retire() }
    }

    /// The bound port (the ephemeral one when configured with 0); 0 before `start()`.
    public var port: Int { state.withLock { $0.port } }

    /// The connection cap in force (configured, lowered to fit RLIMIT_NOFILE).
    public var connectionLimit: Int { state.withLock { $0.context?.connectionLimit ?? 0 } }

    /// Open connections across all loops.
    public var openConnections: Int {
        state.withLock { $0.context?.openConnections.load(ordering: .relaxed) ?? 0 }
    }

    public var eventLoopCount: Int { state.withLock { $0.loops.count } }

    /// True from the moment `shutdown` begins (for a readiness probe answering 503).
    public var isDraining: Bool {
        state.withLock { $0.phase == .draining || $0.phase == .stopped }
    }

    /// Connections the last `shutdown` had to cut at its deadline (a request still being
    /// received or answered, or a loop still busy); 0 when the drain finished in time.
    public var connectionsCutShort: Int { state.withLock { $0.cutShort } }

    /// The first part of a graceful stop: from now on every response carries
    /// `Connection: close` (keep-alive clients leave at a response boundary), while the
    /// listener still accepts (new clients get one answer each). `shutdown` follows.
    public func announceShutdown() {
        state.withLock { state in
            guard state.phase == .running else { return }
            state.context?.draining.store(true, ordering: .relaxed)
        }
    }

    /// Graceful stop: stop accepting (clients the kernel already queued are accepted and
    /// answered), answer what was received (responses carry `Connection: close`), close
    /// keep-alive connections idle for 100 ms, and at `deadline` (a grace period from now)
    /// close whatever is left, whatever is running: a handler still busy cannot delay the return. Blocks until then. `connectionsCutShort`
    /// tells whether work was cut. Must not be called from a responder.
    public func shutdown(deadline: Duration = .seconds(10)) {
        let end = ContinuousClock.now + deadline
        let (phase, loops, context, listener) = state.withLock { state -> (Phase, [EventLoop], ServerContext?, Listener?) in
            let phase = state.phase
            switch phase {
            case .running:
                // Flag the loops first, so whoever sees `isDraining` also gets closing responses.
                state.context?.draining.store(true, ordering: .relaxed)
                state.phase = .draining
            case .idle: state.phase = .stopped
            case .draining, .stopped: break
            }
            return (phase, state.loops, state.context, state.listener)
        }
        switch phase {
        case .idle:
            // Never started: nothing to drain.
            stopped.signal()
            return
        case .draining:
            // Another caller is draining: wait for it.
            waitUntilStopped()
            return
        case .stopped:
            return
        case .running:
            break
        }
        guard let context, let listener, !loops.isEmpty else {
            // shutdown raced with start(): nothing was listening yet.
            state.withLock { $0.phase = .stopped }
            stopped.signal()
            return
        }
        // Counted here, so the wait below includes them; no loop is waited for: a busy one
        // picks them up when it is free.
        for (fd, address) in listener.close() {
            let open = context.openConnections.add(1, ordering: .relaxed).newValue
            observer?.connectionOpened(open: open)
            listener.nextLoop().handOver(fd: fd, address: address)
        }
        context.listenerClosed.store(true, ordering: .relaxed)
        for loop in loops { loop.execute { loop.sweepNow() } }
        while context.openConnections.load(ordering: .relaxed) > 0 && ContinuousClock.now < end {
            usleep(5_000)
        }
        let cut = max(0, context.openConnections.load(ordering: .relaxed) - context.lingering.load(ordering: .relaxed))
        // Stop every loop; one still inside a handler is not waited for past a moment.
        let group = DispatchGroup()
        for loop in loops {
            group.enter()
            let handed = loop.execute {
                loop.stop()
                group.leave()
            }
            if !handed { group.leave() }
        }
        let stuck = group.wait(timeout: .now() + .milliseconds(100)) == .timedOut
        state.withLock { state in
            state.phase = .stopped
            state.cutShort = stuck ? max(cut, 1) : cut
        }
        stopped.signal()
    }

    /// Blocks until `shutdown` has finished.
    public func waitUntilStopped() {
        stopped.wait()
        stopped.signal()
    }
}
