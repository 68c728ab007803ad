import ConvergenceEngine
import Glibc
import HTTPServer

/// What `convergence check-config` prints: every problem of the settings *and* of the catalog
/// they point at (a bad settings value does not stop the catalog check, since its path is still
/// known), each with its file and location, plus a summary. Kept here, not in the executable,
/// so tests run it.
public struct ConfigCheck: Sendable {
    /// The report, one line each, in order.
    public var lines: [String] = []
    /// Problems found (settings and catalog); non-zero means the command exits 1.
    public var problemCount = 0

    public static func run(_ loader: SettingsLoader) async -> ConfigCheck {
        var check = ConfigCheck()
        let settings: ServiceSettings
        do {
            settings = try await loader.load()
        } catch {
            for problem in error.problems { check.lines.append("error: \(problem)") }
            check.problemCount += error.problems.count
            guard let partial = error.settings, !error.problems.contains(where: { $0.key == "paths.catalog" }) else {
                check.lines.append("catalog: not checked (its path is unknown until the settings above are fixed)")
                check.finish()
                return check
            }
            settings = partial
        }
        let catalog = settings.catalogPath.isEmpty ? "embedded catalog" : settings.catalogPath
        do {
            let engine = try ServiceState.loadEngine(settings: settings)
            check.lines.append("catalog: \(catalog): \(engine.models.count) models, \(engine.levels.count) levels, "
                + "\(engine.technologies.count) technologies, \(engine.tables.count) tables (fingerprint \(engine.fingerprint))")
        } catch {
            for problem in error.problems {
                check.lines.append("error: \(settings.catalogPath.isEmpty ? "" : settings.catalogPath + "/")\(problem)")
                check.problemCount += 1
            }
        }
        check.checkPublic(settings)
        check.checkTLS(settings)
        check.lines.append("settings: listen \(settings.host):\(settings.port), log \(settings.logFormat.rawValue)/\(settings.logLevel), "
            + "cors \(settings.corsOrigins.joined(separator: ",")), trusted proxies "
            + (settings.trustedProxies.isEmpty ? "none" : settings.trustedProxies.joined(separator: ",") + " (reading \(settings.proxyHeader.rawValue))")
            + ", batch items \(settings.maxBatchItems)")
        check.finish()
        return check
    }

    /// The static files: how many, and as warnings (the service runs without them) a root that
    /// cannot be read or holds no file (a reload to it is refused while files are served) and
    /// every entry the walk skipped, with why (cycle, depth, count, outside the root).
    private mutating func checkPublic(_ settings: ServiceSettings) {
        guard !settings.publicPath.isEmpty else {
            lines.append("public: none (paths.public is empty)")
            return
        }
        let files = StaticFiles.load(root: settings.publicPath, gzipMinimumBytes: settings.gzipMinimumBytes)
        lines.append("public: \(settings.publicPath): \(files.files.count) files")
        if let problem = files.rootProblem {
            lines.append("warning: public: \(settings.publicPath): cannot be read (\(problem)): no static files; "
                + "a reload is refused while files are served")
        } else if files.files.isEmpty {
            lines.append("warning: public: \(settings.publicPath): holds no file: a reload is refused while files are served")
        }
        let shown = 20
        for skipped in files.skipped.prefix(shown) { lines.append("warning: \(skipped)") }
        if files.skipped.count > shown { lines.append("warning: \(files.skipped.count - shown) more entries skipped") }
    }

    /// The TLS files load, the key matches, the client CA bundle parses; the expiry is reported
    /// (an expired certificate is a problem, one expiring within 30 days a warning).
    mutating func checkTLS(_ settings: ServiceSettings, now: Int64 = Int64(time(nil))) {
        guard let files = settings.tlsFiles else {
            lines.append("tls: off (plain HTTP)")
            return
        }
        do {
            let certificate = try TLSContext.validate(files)
            let days = (certificate.notAfter - now) / 86_400
            let expiry = Self.utcDate(certificate.notAfter)
            let mutual = files.clientCA.map { ", client certificates required (CA \($0))" } ?? ""
            if certificate.notAfter <= now {
                lines.append("error: tls.certificate \(files.certificate): expired on \(expiry)")
                problemCount += 1
            } else {
                lines.append("tls: \(certificate.subject), expires \(expiry) (in \(days) days)\(mutual)")
                if days < 30 { lines.append("warning: tls.certificate \(files.certificate) expires in \(days) days") }
            }
        } catch {
            lines.append("error: \(error)")
            problemCount += 1
        }
    }

    static func utcDate(_ unixSeconds: Int64) -> String { RFC3339.format(epochSeconds: unixSeconds) }

    private mutating func finish() {
        if problemCount > 0 {
            lines.append("\(problemCount) problem\(problemCount == 1 ? "" : "s") found")
        } else {
            lines.append("ok")
        }
    }
}
