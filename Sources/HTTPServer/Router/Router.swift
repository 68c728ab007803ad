/// Routes by method and path template: exact segments (`/healthz`), parameter segments
/// (`/compare/{id}`) and a trailing catch-all (`/static/{path...}`). Exact segments win over
/// parameters. An unknown path is 404; a known path without the method is 405 with `Allow`.
/// `GET` routes also answer `HEAD` (the server drops the body). `OPTIONS` on a path is not
/// synthesised: leave it to middleware (CORS) or register it. `OPTIONS *` (about the server,
/// RFC 9110 §9.3.7) is answered 204 with `Allow` listing every method some route takes.
///
///     var router = Router()
///     router.get("/compare/{id}") { request, route in ... route["id"] ... }
///     let server = HTTPServer(configuration: config, responder: router)
public struct Router: HTTPResponder {
    /// Renders 404 (default: problem+json naming the path).
    public var notFound: @Sendable (HTTPRequest) -> HTTPResponse
    /// Renders 405 given the allowed methods; the router sets `Allow` itself.
    public var methodNotAllowed: @Sendable (HTTPRequest, [HTTPMethod]) -> HTTPResponse

    private var root = Node()
    private var templates: [String] = []
    /// Every method some route answers (HEAD with GET), for `OPTIONS *`.
    private var methodsInUse: Set<HTTPMethod> = []

    public init(
        notFound: @escaping @Sendable (HTTPRequest) -> HTTPResponse = { request in
            .problem(.notFound, detail: "no route for \(request.path)")
        },
        methodNotAllowed: @escaping @Sendable (HTTPRequest, [HTTPMethod]) -> HTTPResponse = { request, allowed in
            .problem(.methodNotAllowed, detail: "\(request.method.rawValue) is not allowed on \(request.path); allowed: \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
    ) {
        self.notFound = notFound
        self.methodNotAllowed = methodNotAllowed
    }

    struct Node: Sendable {
        var exact: [String: Node] = [:]
        var parameter: (name: String, node: Box)?
        var catchAll: (name: String, routes: Routes)?
        var routes = Routes()
    }

    /// Indirection so `Node` can hold a child node of its own type.
    final class Box: Sendable {
        let node: Node
        init(_ node: Node) { self.node = node }
    }

    struct Routes: Sendable {
        var template = ""
        var handlers: [(HTTPMethod, RouteHandler)] = []

        var methods: [HTTPMethod] {
            var result: [HTTPMethod] = []
            for (method, _) in handlers where !result.contains(method) {
                result.append(method)
                if method == .get && !handlers.contains(where: { $0.0 == .head }) { result.append(.head) }
            }
            return result
        }

        func handler(for method: HTTPMethod) -> RouteHandler? {
            if let match = handlers.first(where: { $0.0 == method }) { return match.1 }
            if method == .head { return handlers.first(where: { $0.0 == .get })?.1 }
            return nil
        }
    }

    /// Every registered template, in registration order.
    public var routeTemplates: [String] { templates }

    /// Registers `handler` for `method` on `template`. Later registrations of the same method
    /// and template replace earlier ones.
    public mutating func add(_ method: HTTPMethod, _ template: String, _ handler: @escaping RouteHandler) {
        let segments = Self.segments(of: template)
        root = Self.insert(into: root, segments[...], method: method, template: template, handler: handler)
        if !templates.contains(template) { templates.append(template) }
        methodsInUse.insert(method)
        if method == .get { methodsInUse.insert(.head) }
    }

    public mutating func get(_ template: String, _ handler: @escaping RouteHandler) { add(.get, template, handler) }
    public mutating func post(_ template: String, _ handler: @escaping RouteHandler) { add(.post, template, handler) }
    public mutating func put(_ template: String, _ handler: @escaping RouteHandler) { add(.put, template, handler) }
    public mutating func delete(_ template: String, _ handler: @escaping RouteHandler) { add(.delete, template, handler) }
    public mutating func patch(_ template: String, _ handler: @escaping RouteHandler) { add(.patch, template, handler) }
    public mutating func options(_ template: String, _ handler: @escaping RouteHandler) { add(.options, template, handler) }

    private static func insert(
        into node: Node, _ segments: ArraySlice<Substring>, method: HTTPMethod, template: String,
        handler: @escaping RouteHandler
    ) -> Node {
        var node = node
        guard let first = segments.first else {
            node.routes.template = template
            node.routes.handlers.removeAll { $0.0 == method }
            node.routes.handlers.append((method, handler))
            return node
        }
        if first.hasPrefix("{") && first.hasSuffix("...}") {
            let name = String(first.dropFirst().dropLast(4))
            var routes = node.catchAll?.routes ?? Routes()
            routes.template = template
            routes.handlers.removeAll { $0.0 == method }
            routes.handlers.append((method, handler))
            node.catchAll = (name, routes)
        } else if first.hasPrefix("{") && first.hasSuffix("}") {
            let name = String(first.dropFirst().dropLast())
            let child = node.parameter?.node.node ?? Node()
            node.parameter = (name, Box(insert(into: child, segments.dropFirst(), method: method, template: template, handler: handler)))
        } else {
            let key = String(first)
            node.exact[key] = insert(into: node.exact[key] ?? Node(), segments.dropFirst(), method: method, template: template, handler: handler)
        }
        return node
    }

    /// "/a/b/" → ["a", "b", ""]; "/" → [].
    static func segments(of path: some StringProtocol) -> [Substring] {
        var path = Substring(path)
        if path.hasPrefix("/") { path = path.dropFirst() }
        if path.isEmpty { return [] }
        return path.split(separator: "/", omittingEmptySubsequences: false)
    }

    /// The outcome of matching a method and path.
    public enum Match: Sendable {
        case found(RouteHandler, RouteContext)
        case methodNotAllowed([HTTPMethod])
        case notFound
    }

    public func match(method: HTTPMethod, path: String) -> Match {
        let segments = Self.segments(of: path)
        var parameters: [String: String] = [:]
        guard let routes = Self.find(root, segments[...], path: path, &parameters), !routes.handlers.isEmpty else {
            return .notFound
        }
        guard let handler = routes.handler(for: method) else { return .methodNotAllowed(routes.methods) }
        return .found(handler, RouteContext(template: routes.template, parameters: parameters))
    }

    private static func find(
        _ node: Node, _ segments: ArraySlice<Substring>, path: String, _ parameters: inout [String: String]
    ) -> Routes? {
        guard let first = segments.first else {
            return node.routes.handlers.isEmpty ? nil : node.routes
        }
        if let child = node.exact[String(first)],
           let found = find(child, segments.dropFirst(), path: path, &parameters) {
            return found
        }
        if let (name, box) = node.parameter, !first.isEmpty {
            let saved = parameters
            parameters[name] = PercentEncoding.decode(first) ?? String(first)
            if let found = find(box.node, segments.dropFirst(), path: path, &parameters) { return found }
            parameters = saved
        }
        if let (name, routes) = node.catchAll {
            // The raw rest of the path from this segment on.
            let rest = segments.map(String.init).joined(separator: "/")
            parameters[name] = rest
            return routes
        }
        return nil
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        if request.isServerWideOptions { return .serverOptions(allow: methodsInUse) }
        switch match(method: request.method, path: request.path) {
        case .found(let handler, let context):
            return handler(request, context)
        case .methodNotAllowed(let allowed):
            var response = methodNotAllowed(request, allowed)
            response.headers.set("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            return response
        case .notFound:
            return notFound(request)
        }
    }
}
