#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one JSON encoder configuration of the service: compact, `/` unescaped, and keys sorted:
/// the encoder's own order follows hashing, which changes per process, and ETags must be the
/// same on every replica and after every restart.
enum ResponseEncoding {
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }
}
