/// Everything wrong with a set of config files, each problem with its file (relative to the
/// config directory) and a JSON pointer inside it. Loading reports all problems, not the first.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// Path relative to the config directory, e.g. `catalog/moe-vs-dense.json`.
        public var file: String
        /// JSON pointer inside the file; empty for the whole file.
        public var pointer: String
        public var detail: String

        public init(file: String, pointer: String, detail: String) {
            self.file = file
            self.pointer = pointer
            self.detail = detail
        }

        /// `catalog/moe-vs-dense.json /approaches/1/share: must be between 0 and 1, got 1.4`
        public var description: String {
            pointer.isEmpty ? "\(file): \(detail)" : "\(file) \(pointer): \(detail)"
        }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) { self.problems = problems }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
