/// A parsed query string. Names keep their order; a repeated name is remembered so a handler
/// can refuse it where one value is expected.
public struct QueryParameters: Sendable {
    public private(set) var items: [(name: String, value: String)] = []
    /// Names that could not be decoded (malformed `%` escapes).
    public private(set) var malformed: [String] = []

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
        }
    }

    public var isEmpty: Bool { items.isEmpty && malformed.isEmpty }

    public subscript(name: String) -> String? {
        for item in items where item.name == name { return item.value }
        return nil
    }

    public func count(of name: String) -> Int { items.reduce(0) { $0 + ($1.name == name ? 1 : 0) } }

    public var names: [String] {
        var seen: [String] = []
        for item in items where !seen.contains(item.name) { seen.append(item.name) }
        return seen
    }
}
