import Foundation
import PackagePlugin

/// Compiles every JSON file under the package's `config/` folder into the target as
/// `EmbeddedConfig.files`, so that `config/` stays the one source of truth and the binary still
/// runs with no config directory beside it. ConvergenceAPI gets `openapi/` instead: the OpenAPI
/// document it serves, checked in as a file.
@main
struct EmbedConfig: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let folder = target.name == "ConvergenceAPI" ? "openapi" : "config"
        let root = context.package.directoryURL.appending(path: folder)
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "json" {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedConfig.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(folder)/ into \(target.name)",
                executable: try context.tool(named: "EmbedConfigTool").url,
                arguments: [root.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
