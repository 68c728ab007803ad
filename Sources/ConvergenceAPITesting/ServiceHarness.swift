public import ConvergenceAPI
import ConvergenceEngine
import Foundation
public import HTTPServer
public import HTTPTestSupport

/// Starts the real service (the same `ConvergenceService` the executable runs, as responder and
/// observer) on an ephemeral loopback port and talks to it over real sockets: for what needs a
/// socket (framing, keep-alive, timeouts, the server's own errors, the access log, metrics,
/// reload and drain). What the API answers is tested in process (`APITestClient`).
public final class ServiceHarness {
    public let service: ConvergenceService
    public let server: HTTPServer
    let logPath: String
    let logFD: Int32

    public var port: Int { server.port }

    public init(settings: ServiceSettings = ServiceSettings(), configuration: HTTPServer.Configuration = .testing()) throws {
        logPath = NSTemporaryDirectory() + "convergence-access-\(UUID().uuidString).log"
        logFD = open(logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        service = try ConvergenceService(settings: settings, logSink: LogSink(fd: logFD, intervalMilliseconds: 20))
        // Wired as `convergence serve` wires it: the server's own errors, request ids.
        var configuration = configuration
        service.configure(&configuration)
        server = HTTPServer(configuration: configuration, responder: service, observer: ServiceObserver(service: service))
        try server.start()
    }

    deinit {
        server.shutdown(deadline: .seconds(2))
        close(logFD)
        unlink(logPath)
    }

    /// One request on a fresh connection.
    public func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil) throws -> RawHTTPResponse {
        let client = try RawHTTPClient(port: port)
        var text = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "Connection: close\r\n\r\n"
        if let body { text += body }
        try client.send(text)
        guard let response = try client.readResponse(head: method == "HEAD") else {
            throw RawHTTPClientError.malformed("no response")
        }
        return response
    }

    public func get(_ target: String, headers: [(String, String)] = []) throws -> RawHTTPResponse {
        try send("GET", target, headers: headers)
    }

    public func post(_ target: String, _ body: String, contentType: String? = "application/json") throws -> RawHTTPResponse {
        try send("POST", target, headers: contentType.map { [("Content-Type", $0)] } ?? [], body: body)
    }

    /// The access log so far (after a flush).
    public func accessLog() -> String {
        service.flushLogs()
        return (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }
}

