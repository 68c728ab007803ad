#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// Where log lines go: an in-memory buffer written to a file descriptor by a timer (every
/// 100 ms) or when it passes 64 KiB, never one `write` per request on the request path.
public final class LogSink: Sendable {
    private let fd: Int32
    private let buffer = Mutex<[UInt8]>([])
    // DispatchSource is thread-safe; it is only cancelled in deinit.
    nonisolated(unsafe) private let timer: any DispatchSourceTimer
    static let flushThreshold = 64 * 1024

    /// `fd` 1 is stdout; tests pass a pipe or /dev/null.
    public init(fd: Int32 = 1, intervalMilliseconds: Int = 100) {
        let interval = DispatchTimeInterval.milliseconds(intervalMilliseconds)
        self.fd = fd
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "convergence.log-flush"))
        self.timer = timer
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
        timer.setEventHandler { [weak self] in self?.flush() }
        timer.activate()
    }

    deinit { timer.cancel() }

    public func append(_ line: String) {
        var full: [UInt8]?
        buffer.withLock { buf in
            buf.append(contentsOf: line.utf8)
            buf.append(UInt8(ascii: "\n"))
            if buf.count >= Self.flushThreshold {
                full = buf
                buf.removeAll(keepingCapacity: true)
            }
        }
        if let full { write(full) }
    }

    /// Writes whatever is buffered (the timer, shutdown and tests call it).
    public func flush() {
        let pending = buffer.withLock { buf -> [UInt8] in
            let out = buf
            buf.removeAll(keepingCapacity: true)
            return out
        }
        if !pending.isEmpty { write(pending) }
    }

    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                let n = Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
                if n < 0 {
                    if errno == EINTR { continue }
                    return  // a broken log pipe must not take the service down
                }
                offset += n
            }
        }
    }
}
