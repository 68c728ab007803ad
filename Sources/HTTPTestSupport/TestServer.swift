public import HTTPServer

/// Starts an `HTTPServer` on 127.0.0.1 and an ephemeral port for a test, and shuts it down
/// afterwards (also when the body throws).
///
///     try TestServer.with(responder: router) { server in
///         let client = try RawHTTPClient(port: server.port)
///         ...
///     }
public enum TestServer {
    public static func with<T>(
        responder: some HTTPResponder, configuration: HTTPServer.Configuration = .testing(),
        observer: (any HTTPServerObserver)? = nil, _ body: (HTTPServer) throws -> T
    ) throws -> T {
        let server = HTTPServer(configuration: configuration, responder: responder, observer: observer)
        try server.start()
        defer { server.shutdown(deadline: .seconds(2)) }
        return try body(server)
    }

    public static func with<T>(
        responder: some HTTPResponder, configuration: HTTPServer.Configuration = .testing(),
        observer: (any HTTPServerObserver)? = nil, _ body: (HTTPServer) async throws -> T
    ) async throws -> T {
        let server = HTTPServer(configuration: configuration, responder: responder, observer: observer)
        try server.start()
        do {
            let result = try await body(server)
            server.shutdown(deadline: .seconds(2))
            return result
        } catch {
            server.shutdown(deadline: .seconds(2))
            throw error
        }
    }
}

extension HTTPServer.Configuration {
    /// Loopback, ephemeral port, two event loops (so cross-loop hand-off is exercised).
    public static func testing(
        limits: HTTPParserLimits = HTTPParserLimits(), timeout: Duration? = nil, maxConnections: Int = 16_384,
        eventLoops: Int = 2
    ) -> Self {
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, limits: limits, maxConnections: maxConnections, eventLoops: eventLoops)
        if let timeout {
            configuration.headerTimeout = timeout
            configuration.bodyTimeout = timeout
            configuration.idleTimeout = timeout
            configuration.writeTimeout = timeout
        }
        return configuration
    }
}
