internal import Glibc
internal import CHTTPServerShims

/// The listening socket, watched by every event loop. Whichever loop is free when a client
/// connects accepts it, so accepting never waits for one loop that may be busy; the accepted
/// socket is then dealt to the loops in turn, keeping them balanced (the work a loop does
/// between two looks at its epoll set is bounded: large requests run off the loops). One
/// shared socket rather than one per loop with SO_REUSEPORT: the kernel would hash each new
/// connection to a fixed loop's socket, where it waits while that loop is busy, and closing one
/// of those sockets resets the connections queued on it. The socket is used under a lock, so
/// closing it can never race an `accept` onto a reused descriptor number (a `PthreadLocked`,
/// which ThreadSanitizer understands: every loop accepts and deals through it).
final class Listener: Sendable {
    let loops: [EventLoop]

    private struct State: Sendable {
        var fd: Int32
        /// A descriptor held in reserve (a copy of the listening socket: only its number
        /// matters): when accept fails with EMFILE it is released to take one waiting
        /// connection, refuse it, and close it (otherwise the listener would spin).
        var spare: Int32
        var nextIndex = 0
    }

    private let state: PthreadLocked<State>

    init(fd: Int32, loops: [EventLoop]) {
        self.loops = loops
        state = PthreadLocked(State(fd: fd, spare: Self.reserve(fd)))
    }

    /// The listening descriptor, or -1 once closed (for registering it with a loop).
    var fd: Int32 { state.withLock { $0.fd } }

    /// One `accept4`: the new socket, or -1 and the errno (EBADF once closed).
    func accept(_ address: UnsafeMutablePointer<sockaddr>, _ length: UnsafeMutablePointer<socklen_t>) -> (fd: Int32, errno: Int32) {
        state.withLock { s in
            guard s.fd >= 0 else { return (-1, EBADF) }
            let fd = chttp_accept4(s.fd, address, length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            return (fd, fd < 0 ? errno : 0)
        }
    }

    func nextLoop() -> EventLoop {
        state.withLock { s in
            let loop = loops[s.nextIndex]
            s.nextIndex = s.nextIndex + 1 == loops.count ? 0 : s.nextIndex + 1
            return loop
        }
    }

    /// Refuses one pending connection using the reserve descriptor. False if that failed.
    /// `refuse` answers the socket without closing it: dup3 then closes it and makes its
    /// number the reserve again in one step. With every descriptor in use, that number is the
    /// only free one, and a thread that took it in between (the refused client's next socket)
    /// would leave no reserve to refuse the following client with: that one would hang.
    func shedOne(refuse: (Int32) -> Void) -> Bool {
        state.withLock { s in
            guard s.spare >= 0, s.fd >= 0 else { return false }
            Glibc.close(s.spare)
            let fd = chttp_accept4(s.fd, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            guard fd >= 0 else {
                s.spare = Self.reserve(s.fd)
                return false
            }
            refuse(fd)
            s.spare = chttp_dup3(s.fd, fd, O_CLOEXEC)
            if s.spare < 0 { Glibc.close(fd) }
            return true
        }
    }

    private static func reserve(_ fd: Int32) -> Int32 { fcntl(fd, F_DUPFD_CLOEXEC, 0) }

    /// Takes the reserve descriptor again if an earlier attempt lost it to EMFILE (never once
    /// closed: a late call from a loop would leak it).
    func reopenSpare() {
        state.withLock { s in
            if s.spare < 0, s.fd >= 0 { s.spare = Self.reserve(s.fd) }
        }
    }

    /// Stops listening. Connections the kernel already completed (waiting in the backlog) are
    /// accepted first and returned, so the caller serves them instead of the close resetting
    /// them. Closing also takes the socket out of every loop's epoll set.
    func close() -> [(fd: Int32, address: String)] {
        // First refuse new handshakes, and give those under way a moment to complete, so no
        // client connects just before the close and is reset after sending its request.
        let fd = self.fd
        guard fd >= 0 else { return [] }
        if chttp_refuse_new_connections(fd) == 0 { usleep(20_000) }
        return state.withLock { s in
            guard s.fd >= 0 else { return [] }
            var waiting: [(Int32, String)] = []
            while true {
                var storage = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let fd = withUnsafeMutablePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        chttp_accept4(s.fd, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                    }
                }
                if fd < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    break
                }
                waiting.append((fd, Socket.addressText(storage)))
            }
            Glibc.close(s.fd)
            if s.spare >= 0 { Glibc.close(s.spare) }
            s.fd = -1
            s.spare = -1
            return waiting
        }
    }
}
