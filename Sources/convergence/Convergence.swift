import ArgumentParser

/// `convergence` (= `convergence serve`), `convergence check-config`, `convergence healthcheck`.
@main
struct Convergence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convergence",
        abstract: "Scores, classifies and compares AI technologies by how far their field has converged.",
        subcommands: [Serve.self, CheckConfig.self, Healthcheck.self],
        defaultSubcommand: Serve.self
    )
}
