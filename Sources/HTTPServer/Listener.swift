internal import Glibc
internal import CHTTPServerShims

/// The listening socket, owned by the first event loop, which accepts and hands connections
/// to every loop in turn.
final class Listener {
    let fd: Int32
    let loops: [EventLoop]
    private var nextIndex = 0
    /// A descriptor held in reserve: when accept fails with EMFILE it is released to take one
    /// waiting connection, refuse it, and close it (otherwise the listener would spin).
    private var spare: Int32
    var paused = false
    var resumeAt: UInt64 = 0

    init(fd: Int32, loops: [EventLoop]) {
        self.fd = fd
        self.loops = loops
        spare = open("/dev/null", O_RDONLY | O_CLOEXEC)
    }

    func nextLoop() -> EventLoop {
        let loop = loops[nextIndex]
        nextIndex = nextIndex + 1 == loops.count ? 0 : nextIndex + 1
        return loop
    }

    /// Refuses one pending connection using the reserve descriptor. False if that failed.
    func shedOne(reject: (Int32) -> Void) -> Bool {
        guard spare >= 0 else { return false }
        Glibc.close(spare)
        spare = -1
        let fd = chttp_accept4(self.fd, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
        if fd >= 0 { reject(fd) }
        spare = open("/dev/null", O_RDONLY | O_CLOEXEC)
        return fd >= 0
    }

    /// Takes the reserve descriptor again if an earlier attempt lost it to EMFILE.
    func reopenSpare() {
        if spare < 0 { spare = open("/dev/null", O_RDONLY | O_CLOEXEC) }
    }

    func close() {
        Glibc.close(fd)
        if spare >= 0 { Glibc.close(spare) }
        spare = -1
    }
}
