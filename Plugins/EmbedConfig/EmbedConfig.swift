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
        // The plugin's work directory is shared by every build configuration, but the tool is built
        // once per configuration (…/debug/EmbedConfigTool, …/release/EmbedConfigTool). One shared
        // output would be rewritten by each configuration in turn, so `swift test` followed by
        // `swift run -c release` recompiled and relinked everything each time: the output goes
        // under a folder named after the tool's configuration folder instead.
        let tool = try context.tool(named: "EmbedConfigTool").url
        let configuration = tool.deletingLastPathComponent().lastPathComponent
        let output = context.pluginWorkDirectoryURL
            .appending(path: configuration)
            .appending(path: "EmbeddedConfig.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(folder)/ into \(target.name)",
                executable: tool,
                arguments: [root.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
