import ConvergenceAPI
import Dispatch
import HTTPServer

/// SIGTERM/SIGINT: `/readyz` turns 503 at once and every response from now on carries
/// `Connection: close` (keep-alive clients leave at a response boundary); for
/// `settings.drainGrace` the server keeps accepting and answering (so a proxy polling
/// `/readyz` sees the 503 instead of a refused connection and stops sending work); then the
/// server's graceful shutdown closes the listener, answers what was received, and cuts
/// whatever is left when `settings.drainTimeout` (counted from the signal) is reached.
enum Drain {
    /// Returns at once; `server.waitUntilStopped()` tells the end and
    /// `server.connectionsCutShort` whether work was cut. A second call does nothing.
    static func start(_ service: ConvergenceService, _ server: HTTPServer) {
        guard service.readiness.beginDraining() else { return }
        server.announceShutdown()
        let s = service.settings
        let graceMilliseconds = Int(min(s.drainGrace, s.drainTimeout) * 1000)
        let end = ContinuousClock.now + .milliseconds(Int64(s.drainTimeout * 1000))
        service.logger.notice("draining", metadata: [
            "graceSeconds": "\(s.drainGrace)", "deadlineSeconds": "\(s.drainTimeout)",
        ])
        service.flushLogs()
        // The deadline is fixed now: a grace timer that fires late does not extend it.
        let shutdown: @Sendable () -> Void = {
            server.shutdown(deadline: max(.zero, end - ContinuousClock.now))
        }
        if graceMilliseconds > 0 {
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(graceMilliseconds), execute: shutdown)
        } else {
            DispatchQueue.global().async(execute: shutdown)
        }
    }
}
