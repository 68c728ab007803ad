#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import ConvergenceEngine
import HTTPServer
import JSON
public import Logging

/// One immutable version of everything a request reads: settings, engine, and every response
/// that depends only on the catalog, rendered once with its ETag and gzip variant. A reload
/// builds a new one and swaps the reference, so a request sees the old version or the new,
/// never a mix.
public final class ServiceState: Sendable {
    public let settings: ServiceSettings
    public let engine: Engine
    public let version: Int
    /// Catalog-only GET responses by decoded path (`/levels/L2`); CSV tables under `<path>#csv`
    /// (in the source's words under `<path>#csv-zh`),
    /// filtered technology lists under `/technologies?level=L2` / `?sourceLevel=L2`.
    let rendered: PathTable<CachedResponse>
    /// The catalog's levels as JSON, written once: results copy them (`JSONWriter.shared`).
    let fragments: JSONFragments
    /// Recent score and classify answers of this version (a reload starts a new one).
    let resultMemo = ResultMemo()
    public let staticFiles: StaticFiles
    let cors: CORSPolicy
    let clients: ClientAddressResolver
    public let logger: Logger
    let accessLogger: Logger?
    /// The access logger's sink when it writes its info lines itself
    /// (`AccessLogFormatter.directSink`): the observer then writes straight into it.
    let accessSink: LogSink?
    let accessFormatter: AccessLogFormatter

    /// - Parameter logSink: where its loggers write; nil discards every line (tests).
    public init(settings: ServiceSettings, engine: Engine, version: Int, logSink: LogSink?) throws {
        self.settings = settings
        self.engine = engine
        self.version = version
        logger = ServiceLoggers.make("convergence", settings: settings, sink: logSink)
        accessLogger = settings.accessLog ? ServiceLoggers.make("access", settings: settings, sink: logSink) : nil
        accessSink = accessLogger.flatMap(AccessLogFormatter.directSink(of:))
        accessFormatter = AccessLogFormatter(format: settings.logFormat)
        cors = CORSPolicy(origins: settings.corsOrigins)
        clients = ClientAddressResolver(settings: settings)
        staticFiles = StaticFiles.load(root: settings.publicPath, gzipMinimumBytes: settings.gzipMinimumBytes)
        rendered = PathTable(try Self.render(engine: engine, gzipMinimumBytes: settings.gzipMinimumBytes))
        fragments = JSONFragments(engine.levels + engine.levels.map(\.reference))
    }

    /// The engine from `catalogPath`, or the data compiled into the binary when it is empty.
    public static func loadEngine(settings: ServiceSettings) throws(ConfigurationError) -> Engine {
        if settings.catalogPath.isEmpty { return try Engine.embedded() }
        return try Engine.load(directory: URL(filePath: settings.catalogPath, directoryHint: .isDirectory))
    }

    static let jsonType = "application/json"
    static let csvType = "text/csv; charset=utf-8; header=present"

    static func render(engine: Engine, gzipMinimumBytes: Int) throws -> [String: CachedResponse] {
        var out: [String: CachedResponse] = [:]
        func put<T: JSONWritable>(_ path: String, _ value: T) {
            out[path] = CachedResponse(body: value.jsonBytes, contentType: jsonType, gzipMinimumBytes: gzipMinimumBytes)
        }
        put("/levels", engine.levels)
        for level in engine.levels { put("/levels/" + level.id, level) }
        put("/models", engine.models)
        for model in engine.models { put("/models/" + model.id, model) }
        put("/compare", engine.comparisons)
        for summary in engine.comparisons { put("/compare/" + summary.id, try engine.comparison(id: summary.id)) }
        put("/tables", engine.tableSummaries)
        // A table's representation depends on Accept too (JSON or CSV): said in its Vary once
        // here, not added to every response.
        for table in engine.tables {
            out["/tables/" + table.id] = CachedResponse(
                body: table.jsonBytes, contentType: jsonType, gzipMinimumBytes: gzipMinimumBytes, alsoVaries: "Accept")
            out["/tables/" + table.id + "#csv"] = CachedResponse(
                body: Array(table.csv.utf8), contentType: csvType, gzipMinimumBytes: gzipMinimumBytes, alsoVaries: "Accept")
            out["/tables/" + table.id + "#csv-zh"] = CachedResponse(
                body: Array(table.sourceCSV.utf8), contentType: csvType, gzipMinimumBytes: gzipMinimumBytes,
                alsoVaries: "Accept")
        }
        put("/technologies", try engine.technologySummaries())
        for level in engine.levels {
            put("/technologies?level=" + level.id, try engine.technologySummaries(level: level.id))
            put("/technologies?sourceLevel=" + level.id, try engine.technologySummaries(sourceLevel: level.id))
        }
        // Each technology carries its tables (rows included) and erratum: the spec's detail view.
        for technology in engine.technologies { put("/technologies/" + technology.id, technology) }
        put("/errata", engine.errata)
        out["/openapi.json"] = CachedResponse(
            body: Array(OpenAPIDocument.json.utf8), contentType: jsonType, gzipMinimumBytes: gzipMinimumBytes)
        out["/healthz"] = CachedResponse(
            body: Array(#"{"status":"ok"}"#.utf8), contentType: jsonType, gzipMinimumBytes: Int.max,
            cacheControl: "no-store")
        out["/readyz"] = CachedResponse(
            body: Array(#"{"status":"ready"}"#.utf8), contentType: jsonType, gzipMinimumBytes: Int.max,
            cacheControl: "no-store")
        return out
    }
}
