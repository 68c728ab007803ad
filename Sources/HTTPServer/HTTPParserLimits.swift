/// Size limits the parser enforces while bytes arrive (never after buffering a whole request).
public struct HTTPParserLimits: Sendable, Hashable {
    /// Longest request line (method, target, version; without CRLF) → 414 beyond.
    public var maxRequestLineBytes: Int
    /// Largest header section (every field line with its CRLF, plus the final CRLF) → 431 beyond.
    public var maxHeaderBytes: Int
    /// Most header fields → 431 beyond.
    public var maxHeaderCount: Int
    /// Largest request body (declared or de-chunked) → 413, answered before reading the body.
    public var maxBodySize: Int

    public init(
        maxRequestLineBytes: Int = 8 * 1024, maxHeaderBytes: Int = 32 * 1024,
        maxHeaderCount: Int = 100, maxBodySize: Int = 1024 * 1024
    ) {
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodySize = maxBodySize
    }
}
