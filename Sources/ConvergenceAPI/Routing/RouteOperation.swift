import HTTPServer

/// What one method of one route does: its OpenAPI `operationId`, how its responses may be
/// cached, and the handler. A class: taking a row's operation is one retain (as a struct, its
/// string and closure were copied, and destroyed, on every request).
final class RouteOperation: Sendable {
    typealias Handler = @Sendable (RouteHandlers, HTTPRequest, RouteContext) -> HTTPResponse

    /// The `operationId` of this method and path in openapi/openapi.json.
    let id: String
    let cacheability: Cacheability
    /// Whether a POST's body is parsed before the handler runs (415, 400, 413 first); false for
    /// a handler that may answer without parsing it (`ResultMemo`) and parses it itself.
    let parsesBody: Bool
    let handle: Handler

    init(_ id: String, _ cacheability: Cacheability, parsesBody: Bool = true, _ handle: @escaping Handler) {
        self.id = id
        self.cacheability = cacheability
        self.parsesBody = parsesBody
        self.handle = handle
    }

    /// A representation rendered once per catalog version (`ServiceState.rendered`, keyed by
    /// the decoded path): the handler is a lookup, or 404 with `missing(id)` as its detail.
    static func rendered(_ id: String, missing: @escaping @Sendable (String) -> String) -> RouteOperation {
        RouteOperation(id, .rendered) { handlers, request, route in handlers.rendered(request, route, missing: missing) }
    }
}

/// How the responses of an operation may be cached (`Cache-Control`, validators).
enum Cacheability: Sendable, Equatable {
    /// Rendered once per catalog version: `ETag` (and 304), `Cache-Control: no-cache`, a gzip variant.
    case rendered
    /// Computed per request: a GET gets an `ETag` (and 304) and `no-cache`.
    case computed
    /// Never stored: `Cache-Control: no-store` (probes, POST results).
    case noStore
}
