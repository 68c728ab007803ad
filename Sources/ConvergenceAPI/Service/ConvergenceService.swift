public import ConvergenceEngine
public import HTTPServer
public import Logging
import Synchronization

/// The responder: matches each request against the route table, calls the row's handler (or
/// serves a dashboard file) and finishes the response. It holds one immutable `ServiceState`
/// at a time; `install` swaps it (a reload, wired by the executable), and `readiness` says
/// whether it is draining. The observer (`ServiceObserver`), the renderer (`ResponseRenderer`)
/// and the handlers (`RouteHandlers`) are their own types; docs/architecture.md follows a
/// request through them.
public final class ConvergenceService: HTTPResponder {
    private let state: Mutex<ServiceState>
    /// Whether the installed state logs requests: the observer reads the state (a lock) only then.
    let logsRequests: Atomic<Bool>
    public let readiness: Readiness
    public let metrics: ServiceMetrics
    /// Where every state's loggers write (a reload builds its state with it).
    public let logSink: LogSink?
    let routes = RouteTable.api
    let renderer: ResponseRenderer
    let handlers: RouteHandlers

    /// - Parameters:
    ///   - logSink: where the access log and lifecycle lines go; nil disables logging (tests).
    public init(settings: ServiceSettings, engine: Engine, logSink: LogSink?, metrics: ServiceMetrics = ServiceMetrics()) throws {
        self.metrics = metrics
        self.logSink = logSink
        let readiness = Readiness()
        let renderer = ResponseRenderer()
        self.readiness = readiness
        self.renderer = renderer
        handlers = RouteHandlers(metrics: metrics, renderer: renderer, readiness: readiness)
        let first = try ServiceState(settings: settings, engine: engine, version: 1, logSink: logSink)
        logsRequests = Atomic(first.accessLogger != nil)
        state = Mutex(first)
        metrics.setCatalogVersion(1)
        if let logSink { metrics.followLogDrops(of: logSink) }
    }

    /// Convenience: settings + the engine they point at.
    public convenience init(settings: ServiceSettings, logSink: LogSink?) throws {
        try self.init(settings: settings, engine: try ServiceState.loadEngine(settings: settings), logSink: logSink)
    }

    /// The state version requests read now.
    public var current: ServiceState { state.withLock { $0 } }

    /// Serves `next` from now on: a request reads the old version or the new, never a mix.
    public func install(_ next: ServiceState) {
        state.withLock {
            $0 = next
            logsRequests.store(next.accessLogger != nil, ordering: .relaxed)
        }
    }

    public var settings: ServiceSettings { current.settings }
    public var engine: Engine { current.engine }
    public var catalogVersion: Int { current.version }
    public var logger: Logger { current.logger }

    public func flushLogs() { logSink?.flush() }

    // MARK: Requests

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let s = current
        var response: HTTPResponse
        if request.isServerWideOptions {
            // `OPTIONS *` (RFC 9110 §9.3.7): what the server as a whole supports.
            response = .serverOptions(allow: routes.methods)
        } else if let path = URLDecoding.decodePath(request.path) {
            if let match = routes.match(path) {
                let row = routes.rows[match.row]
                response = dispatch(request, row: row, path: path, id: match.id, state: s)
                Self.label(&response, row.metricsLabel)
            } else {
                response = staticFile(request, path: path, state: s)
                Self.label(&response, RouteTable.unmatchedLabel(status: response.status))
            }
        } else {
            response = APIProblem.notFound("no resource at \(request.path)").response
        }
        renderer.finish(&response, cors: request.method == .options ? nil : s.cors, origin: request.headers["Origin"])
        return response
    }

    /// Sets the response's route label. Not inlined, on purpose: the field stored inline made
    /// the optimiser copy the whole response on its way out of `respond` (a retain and a
    /// release per part, the cached body's among them), which a call taking it `inout` does not.
    @inline(never)
    static func label(_ response: inout HTTPResponse, _ route: String) {
        response.route = route
    }

    /// The row's operation for this method; HEAD is GET (the server drops the body), OPTIONS
    /// a preflight, anything else 405 with the row's `Allow`. A POST body is parsed first
    /// (415, 400 or 413 before any handler runs).
    func dispatch(_ request: HTTPRequest, row: RouteRow, path: String, id: String, state s: ServiceState) -> HTTPResponse {
        switch request.method {
        case .get, .head:
            if let get = row.get {
                return get.handle(handlers, request, RouteContext(path: path, id: id, body: .null, state: s))
            }
        case .post:
            if let post = row.post {
                guard post.parsesBody else {
                    return post.handle(handlers, request, RouteContext(path: path, id: id, body: .null, state: s))
                }
                switch handlers.jsonBody(request, maximumEntries: s.settings.maxBatchItems) {
                case .success(let body):
                    return post.handle(handlers, request, RouteContext(path: path, id: id, body: body, state: s))
                case .failure(let problem):
                    return problem.response
                }
            }
        case .options:
            return s.cors.preflight(origin: request.headers["Origin"],
                                    requestMethod: request.headers["Access-Control-Request-Method"], allow: row.allow)
        default:
            break
        }
        return APIProblem.methodNotAllowed(request.method.rawValue, path: request.path, allow: row.allow).response
    }

    /// A path no row matches: a dashboard file (GET, HEAD, OPTIONS), else 404 or 405.
    func staticFile(_ request: HTTPRequest, path: String, state s: ServiceState) -> HTTPResponse {
        let allowed = request.method == .get || request.method == .head || request.method == .options
        // `/` is a documented route (the dashboard): other methods there are 405 even without Public/.
        if !allowed, path == "/" || s.staticFiles.file(for: path) != nil {
            return APIProblem.methodNotAllowed(request.method.rawValue, path: request.path, allow: StaticFiles.allow).response
        }
        guard let file = s.staticFiles.file(for: path) else {
            return APIProblem.notFound("no route or file at \(request.path)").response
        }
        switch request.method {
        case .get, .head: return file.response(to: request)
        case .options:
            return s.cors.preflight(origin: request.headers["Origin"],
                                    requestMethod: request.headers["Access-Control-Request-Method"], allow: StaticFiles.allow)
        default:
            return APIProblem.methodNotAllowed(request.method.rawValue, path: request.path, allow: StaticFiles.allow).response
        }
    }

    /// The server's own error responses (413, 408, framing 400, …) as the service answers
    /// everything else: problem+json with, when the head had been parsed, the CORS headers for
    /// its `Origin`, so a browser sees the problem rather than a CORS failure (the server adds
    /// the `X-Request-ID`). Installed by `configure(_:)`.
    public func serverError(_ status: HTTPStatus, detail: String, request: HTTPRequest?) -> HTTPResponse {
        var response = ResponseRenderer.serverError(status, detail: detail)
        renderer.finish(&response, cors: request == nil ? nil : current.cors, origin: request?.headers["Origin"])
        return response
    }

    /// The field that carries request ids: echoed when the client's is sane, else generated,
    /// on every response (by the server: `HTTPServer.Configuration.requestIDField`).
    public static let requestIDField = "X-Request-ID"

    /// Wires a server configuration to this service, as `convergence serve` runs it: the
    /// server's own errors rendered by `serverError`, and request ids in `X-Request-ID`.
    public func configure(_ configuration: inout HTTPServer.Configuration) {
        configuration.requestErrorResponse = { [self] status, detail, request in
            serverError(status, detail: detail, request: request)
        }
        configuration.requestIDField = Self.requestIDField
    }
}
