import ConvergenceEngine
import Foundation

/// Writes the embedded config files into a fresh directory (a catalog a test may break).
public func temporaryCatalog() throws -> String {
    let dir = NSTemporaryDirectory() + "convergence-catalog-\(UUID().uuidString)"
    for (path, text) in Engine.embeddedFiles {
        let full = dir + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }
    return dir
}
