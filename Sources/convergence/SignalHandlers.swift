import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Signals through DispatchSource: the default disposition is ignored so the process is not
/// killed, and each handler runs on one serial queue (never in a signal context).
final class SignalHandlers: @unchecked Sendable {
    // Mutated only during setup on the main task, read in cancel(); sources are thread-safe.
    private var sources: [any DispatchSourceSignal] = []
    private let queue: DispatchQueue

    init(queue: DispatchQueue) { self.queue = queue }

    func on(_ signalNumber: Int32, _ handler: @escaping @Sendable () -> Void) {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
        source.setEventHandler(handler: handler)
        source.activate()
        sources.append(source)
    }

    /// The signal is ignored (no handler): for SIGPIPE, so writes to a closed pipe fail
    /// with EPIPE instead of killing the process.
    static func ignore(_ signalNumber: Int32) {
        signal(signalNumber, SIG_IGN)
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
