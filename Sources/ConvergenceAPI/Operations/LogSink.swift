#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// Where log lines go: a bounded in-memory buffer that the event loops only append to, written
/// to a file descriptor by the sink's own writer queue (every 100 ms, or as soon as 64 KiB are
/// waiting). The writes there may block (a full pipe, a stuck log collector); the loops never
/// wait for them. When the buffer is full the line is dropped and counted (`droppedLines`),
/// and the next successful write starts with one line saying how many were lost. A sink whose
/// reader is gone for good (EPIPE, EBADF) drops and counts every later line; SIGPIPE must be
/// ignored by the process (`convergence serve` does) so such a write returns an error.
public final class LogSink: Sendable {
    /// The buffer and its writer. The timer holds it, not the sink: no reference cycle, and no
    /// weak reference to the sink (a weakly referenced object gets a side table, which makes
    /// every retain and release of it take the slow path; the access log reaches the sink on
    /// every request).
    private let core: Core
    // DispatchSource is thread-safe; it is only cancelled in deinit.
    nonisolated(unsafe) private let timer: any DispatchSourceTimer
    static let flushThreshold = 64 * 1024
    /// A written buffer larger than this is freed rather than kept as the spare (after a burst
    /// or a stuck descriptor the buffer can grow to `capacity`).
    static let spareLimit = 4 * flushThreshold

    /// - Parameters:
    ///   - fd: 1 is stdout; tests pass a pipe or a file.
    ///   - capacity: most bytes held for the writer; beyond it lines are dropped.
    ///   - dropNotice: the line (without newline) reporting `n` dropped lines.
    public init(
        fd: Int32 = 1, intervalMilliseconds: Int = 100, capacity: Int = 1024 * 1024,
        dropNotice: @escaping @Sendable (Int) -> String = { "log: \($0) lines dropped (the log output could not keep up)" }
    ) {
        let core = Core(fd: fd, capacity: max(capacity, Self.flushThreshold), dropNotice: dropNotice)
        self.core = core
        let interval = DispatchTimeInterval.milliseconds(intervalMilliseconds)
        let timer = DispatchSource.makeTimerSource(queue: core.writer)
        self.timer = timer
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
        timer.setEventHandler { core.writeBuffered() }
        timer.activate()
    }

    deinit { timer.cancel() }

    /// Lines dropped since start (buffer full, or the descriptor gone).
    public var droppedLines: Int { core.state.withLock { $0.droppedTotal } }

    /// Adds one line; never blocks on the descriptor.
    public func append(_ line: String) {
        var line = line
        line.withUTF8 { append($0) }
    }

    /// Adds one line given as its bytes (without the line feed); never blocks on the descriptor.
    func append(_ line: UnsafeBufferPointer<UInt8>) { core.append(line) }

    /// Writes what is buffered, waiting at most `timeout` for the writer (shutdown and tests
    /// call it; a stuck descriptor cannot hold them longer). True if it finished in time.
    @discardableResult
    public func flush(timeout: Duration = .seconds(1)) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let core = core
        core.writer.async {
            core.writeBuffered()
            done.signal()
        }
        let ms = Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return done.wait(timeout: .now() + .milliseconds(ms)) == .success
    }

    private final class Core: Sendable {
        struct State {
            var buffer: [UInt8] = []
            /// The buffer the writer last emptied, kept with its capacity for the next round, so
            /// appending does not grow a new array from nothing after every write.
            var spare: [UInt8] = []
            var droppedTotal = 0
            /// Dropped since the last notice was written.
            var droppedUnreported = 0
            /// The descriptor refused a write for good: every later line is dropped.
            var broken = false
            var writeQueued = false
        }

        let fd: Int32
        let capacity: Int
        let state = Mutex(State())
        let writer = DispatchQueue(label: "convergence.log-writer")
        let dropNotice: @Sendable (Int) -> String

        init(fd: Int32, capacity: Int, dropNotice: @escaping @Sendable (Int) -> String) {
            self.fd = fd
            self.capacity = capacity
            self.dropNotice = dropNotice
        }

        func append(_ line: UnsafeBufferPointer<UInt8>) {
            let size = line.count + 1
            let wake = state.withLock { s -> Bool in
                if s.broken || s.buffer.count + size > capacity {
                    s.droppedTotal += 1
                    s.droppedUnreported += 1
                    return false
                }
                s.buffer.append(contentsOf: line)
                s.buffer.append(UInt8(ascii: "\n"))
                guard s.buffer.count >= LogSink.flushThreshold, !s.writeQueued else { return false }
                s.writeQueued = true
                return true
            }
            if wake { writer.async { self.writeBuffered() } }
        }

        /// Runs on `writer` only.
        func writeBuffered() {
            var (chunk, dropped) = state.withLock { s -> ([UInt8], Int) in
                let chunk = s.buffer
                s.buffer = s.spare
                s.spare = []
                s.writeQueued = false
                let dropped = s.broken ? 0 : s.droppedUnreported
                s.droppedUnreported -= dropped
                return (chunk, dropped)
            }
            if dropped > 0 { chunk = Array((dropNotice(dropped) + "\n").utf8) + chunk }
            guard !chunk.isEmpty else { return }
            if write(chunk) {
                keepAsSpare(&chunk)
                return
            }
            // The reader is gone: these lines are lost too (the notice itself is not a logged line).
            let lost = chunk.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } - (dropped > 0 ? 1 : 0)
            state.withLock { s in
                s.broken = true
                s.droppedTotal += lost
            }
        }

        private func keepAsSpare(_ chunk: inout [UInt8]) {
            guard chunk.capacity <= LogSink.spareLimit else { return }
            chunk.removeAll(keepingCapacity: true)
            let emptied = chunk
            state.withLock { s in
                if s.spare.capacity < emptied.capacity { s.spare = emptied }
            }
        }

        /// Blocking write of all of `bytes` (this is the writer queue, not an event loop). False
        /// when the descriptor fails for good.
        private func write(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return true }
                var offset = 0
                while offset < raw.count {
                    #if canImport(Glibc)
                    let n = Glibc.write(fd, base + offset, raw.count - offset)
                    #else
                    let n = Darwin.write(fd, base + offset, raw.count - offset)
                    #endif
                    if n >= 0 {
                        offset += n
                        continue
                    }
                    switch errno {
                    case EINTR: continue
                    case EAGAIN, EWOULDBLOCK:
                        // A non-blocking descriptor (inherited that way): wait until it takes more.
                        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                        _ = poll(&poller, 1, 100)
                    default:
                        return false
                    }
                }
                return true
            }
        }
    }
}
