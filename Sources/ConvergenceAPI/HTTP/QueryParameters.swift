/// A parsed query string. Names keep their order; a repeated name is remembered so a handler
/// can refuse it where one value is expected.
public struct QueryParameters: Sendable {
    public private(set) var items: [(name: String, value: String)] = []
    /// Names that could not be decoded (malformed `%` escapes).
    public private(set) var malformed: [String] = []
    /// Distinct names in order of first appearance.
    public private(set) var names: [String] = []
    /// Per name: its first value and how many times it was given. Looked up, never scanned,
    /// so a request line of thousands of parameters costs linear time.
    private var byName: [String: (first: String, count: Int)] = [:]

    public init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = URLDecoding.percentDecode(kv[0], plusIsSpace: true),
                  let value = URLDecoding.percentDecode(kv.count > 1 ? kv[1] : "", plusIsSpace: true) else {
                malformed.append(String(kv[0]))
                continue
            }
            items.append((name, value))
            if let seen = byName[name] {
                byName[name] = (seen.first, seen.count + 1)
            } else {
                byName[name] = (value, 1)
                names.append(name)
            }
        }
    }

    public var isEmpty: Bool { items.isEmpty && malformed.isEmpty }

    public subscript(name: String) -> String? { byName[name]?.first }

    public func count(of name: String) -> Int { byName[name]?.count ?? 0 }
}
