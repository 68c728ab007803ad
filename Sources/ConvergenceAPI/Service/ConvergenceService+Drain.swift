import Dispatch
public import HTTPServer

extension ConvergenceService {
    /// SIGTERM/SIGINT: `/readyz` turns 503 at once; for `settings.drainGrace` the server keeps
    /// accepting and answering (so a proxy polling `/readyz` sees the 503 instead of a refused
    /// connection and stops sending work); then the server's graceful shutdown closes the
    /// listener and gives in-flight requests what is left of `settings.drainTimeout`. Returns at
    /// once; `server.waitUntilStopped()` tells the end. A second call does nothing.
    public func drain(_ server: HTTPServer) {
        guard beginDraining() else { return }
        let s = settings
        let graceMilliseconds = Int(min(s.drainGrace, s.drainTimeout) * 1000)
        let total = Duration.milliseconds(Int64(s.drainTimeout * 1000))
        logger.notice("draining", metadata: [
            "graceSeconds": "\(s.drainGrace)", "deadlineSeconds": "\(s.drainTimeout)",
        ])
        flushLogs()
        let shutdown: @Sendable () -> Void = {
            server.shutdown(deadline: total - .milliseconds(graceMilliseconds))
        }
        if graceMilliseconds > 0 {
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(graceMilliseconds), execute: shutdown)
        } else {
            DispatchQueue.global().async(execute: shutdown)
        }
    }
}
