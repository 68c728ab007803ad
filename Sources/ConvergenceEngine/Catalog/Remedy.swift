/// A remedy the source names for a challenge, with the reason it gives
/// (`GQA（Grouped Query Attention）：降低KV缓存显存占用`: GQA reduces KV-cache memory).
public struct Remedy: Sendable, Equatable, Hashable {
    public var name: String
    /// Why it helps, in English; nil when the source gives no reason.
    public var reason: String?
    /// The source's line, name and reason.
    public var sourceText: String?

    public init(name: String, reason: String?, sourceText: String?) {
        self.name = name
        self.reason = reason
        self.sourceText = sourceText
    }
}
