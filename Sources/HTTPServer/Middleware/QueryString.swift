/// A parsed `application/x-www-form-urlencoded` query: `a=1&b=x+y&b=%2F` → [(a, 1), (b, x y),
/// (b, /)]. Names and values are percent-decoded once, `+` is a space; pairs that do not
/// decode are dropped; a name without `=` has the value "".
public struct QueryString: Sendable, Sequence {
    public typealias Element = (name: String, value: String)

    public let items: [Element]

    public init(_ query: String?) {
        var items: [Element] = []
        if let query {
            for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = PercentEncoding.decode(parts[0], plusAsSpace: true) else { continue }
                let raw = parts.count > 1 ? parts[1] : ""
                guard let value = PercentEncoding.decode(raw, plusAsSpace: true) else { continue }
                items.append((name, value))
            }
        }
        self.items = items
    }

    public func makeIterator() -> IndexingIterator<[Element]> { items.makeIterator() }

    /// The first value for `name`.
    public subscript(_ name: String) -> String? { items.first { $0.name == name }?.value }

    /// Every value for `name`, in order.
    public func values(for name: String) -> [String] { items.filter { $0.name == name }.map(\.value) }
}

extension HTTPRequest {
    /// The query string parsed (see `QueryString`).
    public var queryItems: QueryString { QueryString(query) }
}
