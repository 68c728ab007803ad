@testable import ConvergenceAPI
import ConvergenceEngine
import Foundation
import HTTPServer
import HTTPTestSupport
import Testing

/// Starts the real service (the same `ConvergenceService` the executable runs, as responder and
/// observer) on an ephemeral loopback port and talks to it over real sockets.
final class ServiceHarness {
    let service: ConvergenceService
    let server: HTTPServer
    let logPath: String
    let logFD: Int32

    var port: Int { server.port }

    init(settings: ServiceSettings = ServiceSettings(), configuration: HTTPServer.Configuration = .testing()) throws {
        logPath = NSTemporaryDirectory() + "convergence-access-\(UUID().uuidString).log"
        logFD = open(logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        service = try ConvergenceService(settings: settings, logSink: LogSink(fd: logFD, intervalMilliseconds: 20))
        // The server's own errors rendered by the service, as `convergence serve` wires them.
        var configuration = configuration
        configuration.requestErrorResponse = { [service] status, detail, request in
            service.serverError(status, detail: detail, request: request)
        }
        server = HTTPServer(configuration: configuration, responder: service, observer: service)
        try server.start()
    }

    deinit {
        server.shutdown(deadline: .seconds(2))
        close(logFD)
        unlink(logPath)
    }

    /// One request on a fresh connection.
    func send(_ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil) throws -> RawHTTPResponse {
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

    func get(_ target: String, headers: [(String, String)] = []) throws -> RawHTTPResponse {
        try send("GET", target, headers: headers)
    }

    func post(_ target: String, _ body: String, contentType: String? = "application/json") throws -> RawHTTPResponse {
        try send("POST", target, headers: contentType.map { [("Content-Type", $0)] } ?? [], body: body)
    }

    /// The access log so far (after a flush).
    func accessLog() -> String {
        service.flushLogs()
        return (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }
}

/// JSON helpers for assertions.
func json(_ response: RawHTTPResponse) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
}

func object(_ response: RawHTTPResponse) throws -> [String: Any] {
    try #require(try json(response) as? [String: Any], "not an object: \(response.bodyText)")
}

func array(_ response: RawHTTPResponse) throws -> [[String: Any]] {
    try #require(try json(response) as? [[String: Any]], "not an array: \(response.bodyText)")
}

func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

/// Pointers of a problem document's `errors`.
func pointers(_ response: RawHTTPResponse) throws -> [String] {
    let errors = try object(response)["errors"] as? [[String: Any]] ?? []
    return errors.compactMap { $0["pointer"] as? String }
}

/// Writes the embedded config files into a fresh directory (a catalog a test may break).
func temporaryCatalog() throws -> String {
    let dir = NSTemporaryDirectory() + "convergence-catalog-\(UUID().uuidString)"
    for (path, text) in Engine.embeddedFiles {
        let full = dir + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
    }
    return dir
}
