import ArgumentParser
import ConvergenceAPI
import ConvergenceEngine

/// Validates the settings and the catalog they point at; prints every problem with its file
/// and location, and exits non-zero if there is one.
struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the settings and the catalog; print every problem with its file and location.")

    @OptionGroup var options: SettingsOptions

    func run() async throws {
        var failures = 0
        let settings: ServiceSettings
        do {
            settings = try await options.loader().load()
        } catch {
            for problem in error.problems { print("error: \(problem)") }
            throw ExitCode(1)
        }
        let catalog = settings.catalogPath.isEmpty ? "embedded catalog" : settings.catalogPath
        do {
            let engine = try ConvergenceService.loadEngine(settings: settings)
            print("catalog: \(catalog): \(engine.models.count) models, \(engine.levels.count) levels, "
                + "\(engine.technologies.count) technologies, \(engine.tables.count) tables (fingerprint \(engine.fingerprint))")
        } catch {
            for problem in error.problems {
                print("error: \(settings.catalogPath.isEmpty ? "" : settings.catalogPath + "/")\(problem)")
                failures += 1
            }
        }
        let files = StaticFiles.load(root: settings.publicPath, gzipMinimumBytes: settings.gzipMinimumBytes)
        print("public: \(settings.publicPath): \(files.files.count) files")
        for skipped in files.skipped { print("warning: \(skipped): skipped (outside the root, unreadable or over the limits)") }
        print("settings: listen \(settings.host):\(settings.port), log \(settings.logFormat.rawValue)/\(settings.logLevel), "
            + "cors \(settings.corsOrigins.joined(separator: ",")), trusted proxies \(settings.trustedProxies.isEmpty ? "none" : settings.trustedProxies.joined(separator: ","))")
        if failures > 0 {
            print("\(failures) problem\(failures == 1 ? "" : "s") found")
            throw ExitCode(1)
        }
        print("ok")
    }
}
