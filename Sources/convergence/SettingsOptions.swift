import ArgumentParser
import Configuration
import ConvergenceAPI
#if canImport(Glibc)
import Glibc
#endif

/// The flags every subcommand shares: the top layer of the configuration.
struct SettingsOptions: ParsableArguments {
    @Option(name: .long, help: "Settings file (JSON). Default: config/convergence.json if it exists.")
    var config: String?

    // Shared by serve (listens there) and healthcheck (connects there; a wildcard means loopback).
    @Option(name: .long, help: "The service's address: serve listens on it, healthcheck connects to it (default 0.0.0.0 = loopback for healthcheck; :: for IPv6 and IPv4).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (default 8080; 0 picks a free one).")
    var port: Int?

    /// Defaults < file < environment (PORT, CONVERGENCE_*) < these flags.
    func loader() -> SettingsLoader {
        var overrides: [String: ConfigContent] = [:]
        if let host { overrides["server.host"] = .string(host) }
        if let port { overrides["server.port"] = .int(port) }
        return SettingsLoader(filePath: config, environment: Self.environment(), overrides: overrides)
    }

    static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            pointer += 1
        }
        return result
    }
}
