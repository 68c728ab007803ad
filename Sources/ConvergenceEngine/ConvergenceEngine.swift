/// Placeholder until the engine lands.
public enum ConvergenceEngineInfo {
    public static var embeddedFileNames: [String] { EmbeddedConfig.files.keys.sorted() }
}
