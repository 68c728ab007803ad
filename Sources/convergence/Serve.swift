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
        let settings: ServiceSettings
        do {
            settings = try await loader.load()
        } catch {
            for problem in error.problems { printError("error: \(problem)") }
            throw ExitCode(1)
        }
        SignalHandlers.ignore(SIGPIPE)
        let format = settings.logFormat
        let sink = LogSink(fd: 1, dropNotice: { dropped in
            LineLogHandler.line(
                level: .warning, label: "convergence", message: "log lines dropped: the log output could not keep up",
                metadata: ["dropped": "\(dropped)"], format: format)
        })
        let service: ConvergenceService
        do {
            service = try ConvergenceService(settings: settings, logSink: sink)
        } catch {
            printError("error: cannot load the catalog:\n\(error)")
            throw ExitCode(1)
        }
        let logger = service.logger
        var configuration = Self.serverConfiguration(settings)
        let tls: TLSContext?
        do {
            tls = try settings.tlsFiles.map { files throws(TLSError) in try TLSContext(files: files) }
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        if let tls {
            configuration.tls = tls
            service.metrics.setTLSCertificateExpiry(tls.certificate.notAfter)
        }
        configuration.requestErrorResponse = { [service] status, detail, request in
            service.serverError(status, detail: detail, request: request)
        }
        let server = HTTPServer(configuration: configuration, responder: service, observer: ServiceObserver(service: service))
        do {
            try server.start()
        } catch {
            logger.critical("cannot start", metadata: ["reason": "\(error)"])
            sink.flush()
            printError("error: \(error)")
            throw ExitCode(1)
        }
        logger.info("listening", metadata: [
            "host": "\(settings.host)", "port": "\(server.port)", "loops": "\(server.eventLoopCount)",
            "catalog": "\(settings.catalogPath.isEmpty ? "embedded" : settings.catalogPath)",
            "fingerprint": "\(service.engine.fingerprint)", "maxConnections": "\(server.connectionLimit)",
            "scheme": "\(tls == nil ? "http" : "https")",
        ])
        sink.flush()

        let reloader = Reloader(service: service, startup: settings)
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

        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                server.waitUntilStopped()
                continuation.resume()
            }
        }
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
