import ArgumentParser
import ConvergenceAPI
import Dispatch
import HTTPServer
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Starts the service: load settings and catalog, listen, then wait for signals.
/// SIGHUP reloads settings and catalog (a bad version is rejected, the old one keeps serving);
/// SIGTERM/SIGINT drain: `/readyz` turns 503, in-flight requests finish, exit 0 within the
/// configured deadline, or exit 75 at that deadline if it had to cut work short
/// (docs/operations-hostile.md). SIGPIPE is ignored: a log reader that goes away costs log
/// lines (counted), never the process.
struct Serve: AsyncParsableCommand {
    /// The exit status when the drain deadline cut requests short (EX_TEMPFAIL).
    static let cutShortStatus: Int32 = 75

    static let configuration = CommandConfiguration(abstract: "Start the HTTP service (the default command).")

    @OptionGroup var options: SettingsOptions

    func run() async throws {
        let loader = options.loader()
        let settings = try await Self.loadSettings(loader)
        SignalHandlers.ignore(SIGPIPE)
        let sink = Self.logSink(format: settings.logFormat)
        let service: ConvergenceService
        do {
            service = try ConvergenceService(settings: settings, logSink: sink)
        } catch {
            printError("error: cannot load the catalog:\n\(error)")
            throw ExitCode(1)
        }
        let tls = try Self.tlsContext(settings)
        let server = try Self.startServer(settings, service: service, tls: tls, sink: sink)
        let signals = Self.handleSignals(loader: loader, startup: settings, service: service, server: server, tls: tls)
        await Self.waitUntilStopped(server)
        let cut = server.connectionsCutShort
        if cut > 0 {
            service.logger.warning("stopped at the drain deadline", metadata: ["connectionsCut": "\(cut)"])
        } else {
            service.logger.notice("stopped")
        }
        service.flushLogs()
        signals.cancel()
        if cut > 0 { throw ExitCode(Self.cutShortStatus) }
    }

    /// The settings, or every problem printed and exit 1.
    static func loadSettings(_ loader: SettingsLoader) async throws -> ServiceSettings {
        do {
            return try await loader.load()
        } catch {
            for problem in error.problems { printError("error: \(problem)") }
            throw ExitCode(1)
        }
    }

    /// Standard output, written off the event loops; lines it cannot take are dropped, counted
    /// and announced once it can write again (docs/operations-hostile.md).
    static func logSink(format: ServiceSettings.LogFormat) -> LogSink {
        LogSink(fd: 1, dropNotice: { dropped in
            LineLogHandler.line(
                level: .warning, label: "convergence", message: "log lines dropped: the log output could not keep up",
                metadata: ["dropped": "\(dropped)"], format: format)
        })
    }

    /// The certificate and key when HTTPS is configured (docs/tls.md); a bad file exits 1.
    static func tlsContext(_ settings: ServiceSettings) throws -> TLSContext? {
        do {
            return try settings.tlsFiles.map { files throws(TLSError) in try TLSContext(files: files) }
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    /// Listens with the service as responder, observer and renderer of the server's own errors.
    static func startServer(_ settings: ServiceSettings, service: ConvergenceService, tls: TLSContext?,
                            sink: LogSink) throws -> HTTPServer {
        var configuration = serverConfiguration(settings)
        if let tls {
            configuration.tls = tls
            service.metrics.setTLSCertificateExpiry(tls.certificate.notAfter)
        }
        service.configure(&configuration)
        let server = HTTPServer(configuration: configuration, responder: service, observer: ServiceObserver(service: service))
        do {
            try server.start()
        } catch {
            service.logger.critical("cannot start", metadata: ["reason": "\(error)"])
            sink.flush()
            printError("error: \(error)")
            throw ExitCode(1)
        }
        service.logger.info("listening", metadata: [
            "host": "\(settings.host)", "port": "\(server.port)", "loops": "\(server.eventLoopCount)",
            "catalog": "\(settings.catalogPath.isEmpty ? "embedded" : settings.catalogPath)",
            "fingerprint": "\(service.engine.fingerprint)", "maxConnections": "\(server.connectionLimit)",
            "scheme": "\(tls == nil ? "http" : "https")",
        ])
        sink.flush()
        return server
    }

    /// SIGHUP reloads (settings, catalog, certificate: all or nothing); SIGTERM and SIGINT drain.
    static func handleSignals(loader: SettingsLoader, startup: ServiceSettings, service: ConvergenceService,
                              server: HTTPServer, tls: TLSContext?) -> SignalHandlers {
        let reloader = Reloader(service: service, startup: startup)
        let signals = SignalHandlers(queue: DispatchQueue(label: "convergence.signals"))
        signals.on(SIGHUP) {
            // Reload runs the async settings loader; the service swaps state only if all is valid.
            Task {
                do {
                    let next = try await loader.load()
                    // New certificate files first: a broken one rejects the whole reload.
                    if let tls, let files = next.tlsFiles {
                        try tls.reload(files: files)
                        service.metrics.setTLSCertificateExpiry(tls.certificate.notAfter)
                    }
                    reloader.reload(settings: next)
                } catch {
                    reloader.rejected(reason: "\(error)")
                }
                service.flushLogs()
            }
        }
        let drain: @Sendable () -> Void = { Drain.start(service, server) }
        signals.on(SIGTERM, drain)
        signals.on(SIGINT, drain)
        return signals
    }

    static func waitUntilStopped(_ server: HTTPServer) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                server.waitUntilStopped()
                continuation.resume()
            }
        }
    }

    static func serverConfiguration(_ s: ServiceSettings) -> HTTPServer.Configuration {
        var configuration = HTTPServer.Configuration(
            host: s.host, port: s.port,
            limits: HTTPParserLimits(
                maxRequestLineBytes: s.maxRequestLineBytes, maxHeaderBytes: s.maxHeaderBytes,
                maxHeaderCount: s.maxHeaderCount, maxBodySize: s.maxBodyBytes),
            headerTimeout: .milliseconds(Int64(s.headerTimeout * 1000)),
            bodyTimeout: .milliseconds(Int64(s.bodyTimeout * 1000)),
            idleTimeout: .milliseconds(Int64(s.idleTimeout * 1000)),
            writeTimeout: .milliseconds(Int64(s.writeTimeout * 1000)),
            maxConnections: s.maxConnections,
            eventLoops: s.loops == 0 ? nil : s.loops,
            errorResponse: { status, detail in ResponseRenderer.serverError(status, detail: detail) })
        configuration.handshakeTimeout = .milliseconds(Int64(s.tlsHandshakeTimeout * 1000))
        return configuration
    }
}

func printError(_ text: String) {
    let line = Array((text + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
