import ArgumentParser
import ConvergenceAPI

/// Validates the settings and the catalog they point at; prints every problem with its file
/// and location, and exits non-zero if there is one (see `ConfigCheck`).
struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the settings and the catalog; print every problem with its file and location.")

    @OptionGroup var options: SettingsOptions

    func run() async throws {
        let check = await ConfigCheck.run(options.loader())
        for line in check.lines { print(line) }
        if check.problemCount > 0 { throw ExitCode(1) }
    }
}
