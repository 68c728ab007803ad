/// Turns a request path into segments that cannot leave a root directory: percent-decoded
/// exactly once, `.` dropped, `..` pops (never above the root), empty segments dropped.
/// Refused (nil): malformed escapes, an encoded `/` or `\` or NUL inside a segment, any
/// backslash, non-UTF-8. So `/%2e%2e/x` → ["x"], `..%2f` → nil, `%252e` → ["%2e"] (a literal
/// name), `/a/../../b` → ["b"].
public struct SafePath: Sendable, Hashable {
    public let segments: [String]

    public init?(_ rawPath: String) {
        var result: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            if raw.contains("\\") { return nil }
            guard let bytes = PercentEncoding.decodeBytes(raw) else { return nil }
            if bytes.contains(0) || bytes.contains(UInt8(ascii: "/")) || bytes.contains(UInt8(ascii: "\\")) { return nil }
            guard let segment = String(validating: bytes, as: UTF8.self) else { return nil }
            switch segment {
            case ".": continue
            case "..": if !result.isEmpty { result.removeLast() }
            default: result.append(segment)
            }
        }
        segments = result
    }

    /// The relative path ("a/b.css"), "" for the root.
    public var relativePath: String { segments.joined(separator: "/") }

    /// `root` joined with the segments (root given without a trailing slash is fine).
    public func filePath(under root: String) -> String {
        let base = root.hasSuffix("/") ? String(root.dropLast()) : root
        return segments.isEmpty ? base + "/" : base + "/" + relativePath
    }
}
