import ConvergenceEngine

/// Minimal JSON text helpers for the few documents the service writes by hand (problem
/// details, health, log lines): no encoder round trip for a handful of strings.
enum JSONText {
    /// Escaped by the engine's `JSONWriter`, so every JSON the service writes escapes alike.
    static func quoted(_ text: String) -> String {
        String(decoding: JSONWriter.quoted(text), as: UTF8.self)
    }
}
