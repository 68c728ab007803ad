#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import ConvergenceEngine
public import HTTPServer
import JSON
public import Logging
import Synchronization

/// The API: maps each HTTP request to the engine and back. It holds one immutable
/// `ServiceState` at a time; `reload` swaps it atomically, `startDraining` flips `/readyz`.
public final class ConvergenceService: HTTPResponder {
    private let state: Mutex<ServiceState>
    private let draining = Atomic<Bool>(false)
    /// The settings the server's socket, limits and timeouts were built from: a reload cannot
    /// change those, so its restart warning compares against these, not the last loaded file.
    private let startup: ServiceSettings
    public let metrics: ServiceMetrics
    let requestIDs = RequestIDGenerator()
    let logSink: LogSink?

    /// - Parameters:
    ///   - logSink: where the access log and lifecycle lines go; nil disables logging (tests).
    public init(settings: ServiceSettings, engine: Engine, logSink: LogSink?, metrics: ServiceMetrics = ServiceMetrics()) throws {
        self.metrics = metrics
        self.logSink = logSink
        startup = settings
        let initial = try ServiceState(
            settings: settings, engine: engine, version: 1,
            logger: Self.makeLogger("convergence", settings: settings, sink: logSink),
            accessLogger: settings.accessLog ? Self.makeLogger("access", settings: settings, sink: logSink) : nil)
        state = Mutex(initial)
        metrics.setCatalogVersion(1)
        if let logSink { metrics.followLogDrops(of: logSink) }
    }

    /// Convenience: settings + the engine they point at.
    public convenience init(settings: ServiceSettings, logSink: LogSink?) throws {
        try self.init(settings: settings, engine: try Self.loadEngine(settings: settings), logSink: logSink)
    }

    /// The engine from `catalogPath`, or the data compiled into the binary when it is empty.
    public static func loadEngine(settings: ServiceSettings) throws(ConfigurationError) -> Engine {
        if settings.catalogPath.isEmpty { return try Engine.embedded() }
        return try Engine.load(directory: URL(filePath: settings.catalogPath, directoryHint: .isDirectory))
    }

    static func makeLogger(_ label: String, settings: ServiceSettings, sink: LogSink?) -> Logger {
        guard let sink else { return Logger(label: label, factory: { _ in SwiftLogNoOpLogHandler() }) }
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        return Logger(label: label, factory: { label in
            LineLogHandler(label: label, format: settings.logFormat, level: level, sink: sink)
        })
    }

    var current: ServiceState { state.withLock { $0 } }

    public var settings: ServiceSettings { current.settings }
    public var engine: Engine { current.engine }
    public var catalogVersion: Int { current.version }
    public var logger: Logger { current.logger }
    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    // MARK: Lifecycle

    public enum ReloadOutcome: Sendable, Equatable {
        case reloaded(version: Int)
        case rejected(reason: String)
    }

    /// Builds a new state from these settings (reading the catalog and `Public/` again) and
    /// swaps it in. On any problem the old state keeps serving, the reason is logged and the
    /// failure counted. Settings that need a new socket (host, port, limits, timeouts) and
    /// differ from those in effect are logged as needing a restart. The catalog version moves
    /// only when the new catalog's fingerprint differs (reloads are serialised by the caller:
    /// one signal queue).
    @discardableResult
    public func reload(settings: ServiceSettings) -> ReloadOutcome {
        let old = current
        do {
            let engine = try Self.loadEngine(settings: settings)
            let version = engine.fingerprint == old.engine.fingerprint ? old.version : old.version + 1
            let next = try ServiceState(
                settings: settings, engine: engine, version: version,
                logger: Self.makeLogger("convergence", settings: settings, sink: logSink),
                accessLogger: settings.accessLog ? Self.makeLogger("access", settings: settings, sink: logSink) : nil)
            if let lost = Self.lostStaticFiles(old: old.staticFiles, new: next.staticFiles, path: settings.publicPath) {
                throw ReloadRefusal(reason: lost)
            }
            state.withLock { $0 = next }
            metrics.recordReload(success: true)
            metrics.setCatalogVersion(version)
            let restart = Self.restartOnlyChanges(from: startup, to: settings)
            next.logger.info("reloaded", metadata: [
                "catalogVersion": "\(version)", "fingerprint": "\(engine.fingerprint)",
                "technologies": "\(engine.technologies.count)", "staticFiles": "\(next.staticFiles.files.count)",
            ])
            if !restart.isEmpty {
                next.logger.warning("some settings only apply after a restart", metadata: ["keys": "\(restart.joined(separator: ","))"])
            }
            return .reloaded(version: version)
        } catch {
            metrics.recordReload(success: false)
            let reason = "\(error)"
            old.logger.error("reload rejected; the previous catalog keeps serving", metadata: ["reason": "\(reason)"])
            return .rejected(reason: reason)
        }
    }

    /// Why a reload would lose the static files being served (the directory is gone, unreadable
    /// or empty), or nil. A deliberately empty `paths.public` turns them off and is accepted.
    static func lostStaticFiles(old: StaticFiles, new: StaticFiles, path: String) -> String? {
        guard !old.files.isEmpty, new.files.isEmpty, !path.isEmpty else { return nil }
        return "paths.public \(path) " + (new.rootProblem.map { "cannot be read (\($0))" } ?? "holds no file")
            + " while \(old.files.count) files are served; they keep being served"
    }

    struct ReloadRefusal: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    /// Keys that differ and only take effect with a new server (socket, parser limits, timeouts).
    static func restartOnlyChanges(from a: ServiceSettings, to b: ServiceSettings) -> [String] {
        var keys: [String] = []
        func check<T: Equatable>(_ key: String, _ path: KeyPath<ServiceSettings, T>) {
            if a[keyPath: path] != b[keyPath: path] { keys.append(key) }
        }
        check("server.host", \.host)
        check("server.port", \.port)
        check("server.loops", \.loops)
        check("server.maxConnections", \.maxConnections)
        check("limits.requestLineBytes", \.maxRequestLineBytes)
        check("limits.headerBytes", \.maxHeaderBytes)
        check("limits.headerCount", \.maxHeaderCount)
        check("limits.bodyBytes", \.maxBodyBytes)
        check("timeouts.headerSeconds", \.headerTimeout)
        check("timeouts.bodySeconds", \.bodyTimeout)
        check("timeouts.idleSeconds", \.idleTimeout)
        check("timeouts.writeSeconds", \.writeTimeout)
        check("tls.handshakeTimeoutSeconds", \.tlsHandshakeTimeout)
        // New files are re-read on reload; turning HTTPS on or off needs a new listener.
        if (a.tlsFiles == nil) != (b.tlsFiles == nil) { keys.append("tls.certificate") }
        return keys
    }

    /// Reports a reload that failed before settings could be built (a bad settings file).
    public func recordRejectedReload(reason: String) {
        metrics.recordReload(success: false)
        current.logger.error("reload rejected; the previous configuration keeps serving", metadata: ["reason": "\(reason)"])
    }

    /// `/readyz` answers 503 from now on, so load balancers stop sending new work.
    public func startDraining() { draining.store(true, ordering: .relaxed) }

    /// Marks the service draining; false if it already was (so a drain starts once).
    func beginDraining() -> Bool {
        draining.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
    }

    public func flushLogs() { logSink?.flush() }

    // MARK: Requests

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let s = current
        let requestID = requestIDs.resolve(request.headers["X-Request-ID"])
        var response: HTTPResponse
        if request.isServerWideOptions {
            // `OPTIONS *` (RFC 9110 §9.3.7): what the server as a whole supports.
            response = .serverOptions(allow: [HTTPMethod.get, .head, .post, .options])
        } else if let path = URLDecoding.decodePath(request.path) {
            let matched = Route.match(path)
            response = handle(request, route: matched, state: s)
            response.route = Self.metricsLabel(matched, status: response.status)
        } else {
            response = APIProblem.notFound("no resource at \(request.path)").response
        }
        response.headers.add("X-Request-ID", requestID)
        if request.method != .options { s.cors.decorate(&response.headers, origin: request.headers["Origin"]) }
        return response
    }

    /// The bounded label for metrics and the access log: the route template, or `unmatched`
    /// for a path that names neither a route nor a static file.
    static func metricsLabel(_ route: Route, status: HTTPStatus) -> String {
        if case .staticFile = route, status.code == 404 { return "unmatched" }
        return route.template
    }

    static func milliseconds(_ nanoseconds: UInt64) -> String {
        let micros = nanoseconds / 1000
        let frac = micros % 1000
        let fracText = String(frac)
        return String(micros / 1000) + "." + String(repeating: "0", count: 3 - fracText.count) + fracText
    }

    static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    func handle(_ request: HTTPRequest, route: Route, state s: ServiceState) -> HTTPResponse {
        if case .staticFile(let path) = route {
            return staticFile(request, path: path, state: s)
        }
        switch request.method {
        case .get, .head:
            return get(request, route: route, state: s)
        case .post where route.acceptsPost:
            return post(request, route: route, state: s)
        case .options:
            return s.cors.preflight(origin: request.headers["Origin"],
                                    requestMethod: request.headers["Access-Control-Request-Method"], allow: route.allow)
        default:
            return APIProblem.methodNotAllowed(request.method.rawValue, path: request.path, allow: route.allow).response
        }
    }

    func staticFile(_ request: HTTPRequest, path: String, state s: ServiceState) -> HTTPResponse {
        let allowed = request.method == .get || request.method == .head || request.method == .options
        // `/` is a documented route (the dashboard): other methods there are 405 even without Public/.
        if !allowed, path == "/" || s.staticFiles.file(for: path) != nil {
            return APIProblem.methodNotAllowed(request.method.rawValue, path: request.path, allow: "GET, HEAD, OPTIONS").response
        }
        guard let file = s.staticFiles.file(for: path) else {
            return APIProblem.notFound("no route or file at \(request.path)").response
        }
        switch request.method {
        case .get, .head: return file.response(to: request)
        case .options:
            return s.cors.preflight(origin: request.headers["Origin"],
                                    requestMethod: request.headers["Access-Control-Request-Method"], allow: "GET, HEAD, OPTIONS")
        default:
            return APIProblem.methodNotAllowed(request.method.rawValue, path: request.path, allow: "GET, HEAD, OPTIONS").response
        }
    }

    /// A cached representation by key, or a 404 naming what was asked for.
    func cached(_ key: String, _ request: HTTPRequest, state s: ServiceState, missing: () -> String) -> HTTPResponse {
        guard let entry = s.cached[key] else { return APIProblem.notFound(missing()).response }
        return entry.response(to: request)
    }

    // MARK: Rendering helpers

    /// JSON for a computed result; GET responses get an ETag (and 304), large ones gzip.
    func json<T: JSONWritable>(_ value: T, _ request: HTTPRequest, state s: ServiceState, status: HTTPStatus = .ok) -> HTTPResponse {
        var writer = JSONWriter(fragments: s.fragments)
        value.write(to: &writer)
        guard !writer.wroteNonFiniteNumber else {
            // The inputs were finite but the result overflowed (a calculator's product).
            return APIProblem.unprocessable("Result out of range", errors: [
                .init(pointer: "", detail: "the inputs give a result too large to represent as a JSON number"),
            ]).response
        }
        return finish(body: writer.bytes, contentType: ServiceState.jsonType, request, state: s, status: status)
    }

    func finish(body: [UInt8], contentType: String, _ request: HTTPRequest, state s: ServiceState, status: HTTPStatus = .ok) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        let isGet = request.method == .get || request.method == .head
        let varies = body.count >= s.settings.gzipMinimumBytes
        // The encoding is chosen first: each variant has its own tag, and only the tag of the
        // variant this request would get validates it (RFC 9110 §13.1.2).
        var gzipped: [UInt8]?
        if varies, Gzip.accepted(by: request.headers["Accept-Encoding"]), let gz = Gzip.compress(body), gz.count < body.count {
            gzipped = gz
        }
        if isGet {
            let identityTag = EntityTag.make(body)
            let tag = gzipped == nil ? identityTag : EntityTag.gzipVariant(identityTag)
            if let inm = request.headers["If-None-Match"], EntityTag.matches(ifNoneMatch: inm, tag: tag) {
                var h = HTTPHeaders()
                h.add("ETag", tag)
                h.add("Cache-Control", "no-cache")
                if varies { h.add("Vary", "Accept-Encoding") }
                return HTTPResponse(status: .notModified, headers: h)
            }
            headers.add("ETag", tag)
            headers.add("Cache-Control", "no-cache")
        } else {
            headers.add("Cache-Control", "no-store")
        }
        if varies { headers.add("Vary", "Accept-Encoding") }
        if let gzipped {
            headers.add("Content-Encoding", "gzip")
            return HTTPResponse(status: status, headers: headers, body: gzipped)
        }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// Problem details for an engine validation error: 422 with every pointer.
    func unprocessable(_ error: ValidationError) -> HTTPResponse {
        var problem = APIProblem.unprocessable(
            "Unprocessable request", errors: error.problems.map { .init(pointer: $0.pointer, detail: $0.detail) })
        problem.detail = error.summary
        return problem.response
    }

    /// The parsed JSON body of a POST, or the 415/400 answer, or 413 for an array or object
    /// of more than `maximumEntries` entries (the parse stops there).
    func jsonBody(_ request: HTTPRequest, maximumEntries: Int) -> Result<JSONValue, APIProblem> {
        // The usual case first, compared without splitting or lowercasing.
        if let type = request.headers["Content-Type"], !HTTPHeaders.equalNames(type, "application/json") {
            let media = type.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces.lowercased() } ?? ""
            // curl -d sends application/x-www-form-urlencoded; its body is still our JSON.
            guard media.isEmpty || media == "application/json" || media.hasSuffix("+json")
                || media == "application/x-www-form-urlencoded" else {
                return .failure(.unsupportedMediaType(type))
            }
        }
        do {
            return .success(try JSONParser.parse(request.body, options: JSONParser.Options.requestBody.limitingEntries(to: maximumEntries)))
        } catch {
            if let pointer = error.tooManyEntriesAt {
                return .failure(.tooManyItems(at: pointer, count: nil, limit: error.exceededLimit ?? maximumEntries))
            }
            return .failure(.malformedJSON("the body is not valid JSON: \(error.description)"))
        }
    }
}
