/// What the router tells a handler about the match.
public struct RouteContext: Sendable {
    /// The matched template, e.g. `/compare/{id}` (a low-cardinality metrics label).
    public var template: String
    /// Parameter values by name, percent-decoded once (a catch-all `{name...}` stays raw,
    /// for `SafePath` to decode).
    public var parameters: [String: String]

    public init(template: String, parameters: [String: String] = [:]) {
        self.template = template
        self.parameters = parameters
    }

    public subscript(_ name: String) -> String? { parameters[name] }
}

/// A route handler: runs on the event loop, must not block.
public typealias RouteHandler = @Sendable (HTTPRequest, RouteContext) -> HTTPResponse
