import ConvergenceAPI
import ConvergenceEngine
import Logging

/// SIGHUP: builds a new `ServiceState` from new settings (reading the catalog and `Public/`
/// again) and installs it in the service. On any problem the old state keeps serving, the
/// reason is logged and the failure counted. Settings that need a new socket (host, port,
/// limits, timeouts: `SettingKey.needsRestart`) and differ from those in effect are logged as
/// needing a restart. The catalog version moves only when the new catalog's fingerprint
/// differs. Reloads are serialised by the caller (one signal queue).
struct Reloader: Sendable {
    let service: ConvergenceService
    /// The settings the server's socket, limits and timeouts were built from: a reload cannot
    /// change those, so its restart warning compares against these, not the last loaded file.
    let startup: ServiceSettings

    enum Outcome: Sendable, Equatable {
        case reloaded(version: Int)
        case rejected(reason: String)
    }

    @discardableResult
    func reload(settings: ServiceSettings) -> Outcome {
        let old = service.current
        do {
            let engine = try ServiceState.loadEngine(settings: settings)
            let version = engine.fingerprint == old.engine.fingerprint ? old.version : old.version + 1
            let next = try ServiceState(settings: settings, engine: engine, version: version, logSink: service.logSink)
            if let lost = Self.lostStaticFiles(old: old.staticFiles, new: next.staticFiles, path: settings.publicPath) {
                throw Refusal(reason: lost)
            }
            service.install(next)
            service.metrics.recordReload(success: true)
            service.metrics.setCatalogVersion(version)
            let restart = ServiceSettings.restartOnlyChanges(from: startup, to: settings)
            next.logger.info("reloaded", metadata: [
                "catalogVersion": "\(version)", "fingerprint": "\(engine.fingerprint)",
                "technologies": "\(engine.technologies.count)", "staticFiles": "\(next.staticFiles.files.count)",
            ])
            if !restart.isEmpty {
                next.logger.warning("some settings only apply after a restart", metadata: ["keys": "\(restart.joined(separator: ","))"])
            }
            return .reloaded(version: version)
        } catch {
            service.metrics.recordReload(success: false)
            let reason = "\(error)"
            old.logger.error("reload rejected; the previous catalog keeps serving", metadata: ["reason": "\(reason)"])
            return .rejected(reason: reason)
        }
    }

    /// Reports a reload that failed before settings could be built (a bad settings file).
    func rejected(reason: String) {
        service.metrics.recordReload(success: false)
        service.logger.error("reload rejected; the previous configuration keeps serving", metadata: ["reason": "\(reason)"])
    }

    /// Why a reload would lose the static files being served (the directory is gone, unreadable
    /// or empty), or nil. A deliberately empty `paths.public` turns them off and is accepted.
    static func lostStaticFiles(old: StaticFiles, new: StaticFiles, path: String) -> String? {
        guard !old.files.isEmpty, new.files.isEmpty, !path.isEmpty else { return nil }
        return "paths.public \(path) " + (new.rootProblem.map { "cannot be read (\($0))" } ?? "holds no file")
            + " while \(old.files.count) files are served; they keep being served"
    }

    struct Refusal: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }
}
