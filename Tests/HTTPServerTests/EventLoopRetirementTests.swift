@testable import HTTPServer
import Glibc
import HTTPTestSupport
import Testing

/// A loop whose thread never started (the server's start failed partway) is retired on the
/// caller's thread: sockets already handed to it are closed and uncounted, and later hand-offs
/// are refused so the caller closes them itself.
@Suite struct EventLoopRetirementTests {
    /// A connected pair: the loop gets one end; the other shows whether it was closed.
    static func socketPair() throws -> (loopSide: Int32, peer: Int32) {
        var fds: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        return (fds[0], fds[1])
    }

    /// True when the peer reads end-of-file: its other end was closed.
    static func closedBehind(_ peer: Int32) -> Bool {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(peer, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var byte: UInt8 = 0
        return recv(peer, &byte, 1, 0) == 0
    }

    @Test func retiredLoopClosesWhatWasHandedToIt() throws {
        let context = ServerContext(configuration: .testing(), responder: EchoResponder(), observer: nil, connectionLimit: 16)
        let loop = try EventLoop(index: 0, context: context)
        let (handed, peer) = try Self.socketPair()
        defer { close(peer) }
        // Counted as `adopt` counts a socket, then handed over as `place` does.
        context.openConnections.add(1, ordering: .relaxed)
        #expect(loop.execute { loop.register(fd: handed, address: "test") })
        loop.retire()
        #expect(Self.closedBehind(peer))
        #expect(context.openConnections.load(ordering: .relaxed) == 0)
        // Refused from now on: the caller keeps (and closes) what it meant to hand over.
        #expect(!loop.execute {})
    }
}
