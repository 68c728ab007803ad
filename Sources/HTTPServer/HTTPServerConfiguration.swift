extension HTTPServer {
    /// Where to listen and how much to tolerate. Defaults: request line
    /// 8 KiB, header section 32 KiB / 100 fields, body 1 MiB; header 10 s, body stall 10 s,
    /// keep-alive idle 5 s, write stall 10 s; 16,384 connections (lowered to fit RLIMIT_NOFILE).
    public struct Configuration: Sendable {
        /// A numeric address or a resolvable name. `::` listens on IPv6 and IPv4 (dual-stack).
        public var host: String
        /// 0 picks an ephemeral port; read the bound one from `HTTPServer.port` after `start()`.
        public var port: Int
        public var limits: HTTPParserLimits
        /// The whole header section must arrive within this → 408 and close.
        public var headerTimeout: Duration
        /// No body byte for this long → 408 and close.
        public var bodyTimeout: Duration
        /// Head and body together (stops a body trickled one byte per stall period).
        public var requestTimeout: Duration
        /// An idle keep-alive connection is closed after this.
        public var idleTimeout: Duration
        /// Pending output making no progress for this long → close.
        public var writeTimeout: Duration
        /// Most open connections; beyond it new ones get 503 and are closed. Lowered at start
        /// to leave room under the process's file-descriptor limit.
        public var maxConnections: Int
        /// Event loops (threads doing I/O); nil = CPUs in the process's affinity mask.
        public var eventLoops: Int?
        /// listen(2) backlog (the kernel caps it at net.core.somaxconn).
        public var backlog: Int32
        /// Requests whose body has at least this many bytes are answered on a worker queue,
        /// not on an event loop, so decoding and validating a large body never delays the
        /// loop's other connections. 0 sends every request there.
        public var offloadBodySize = 16 * 1024
        /// Renders the server's own errors (400/408/413/414/431/501/505/503). The default is
        /// RFC 9457 problem+json with type `about:blank`. Used when `requestErrorResponse` is nil.
        public var errorResponse: @Sendable (HTTPStatus, String) -> HTTPResponse
        /// Renders the server's own errors, given the request's head when it had been parsed
        /// (method, target, path, query, headers; empty body): a 400 for its framing, 413, 417,
        /// 501 for a transfer coding, a bad chunk, a stalled body (408). nil for errors before
        /// the head is complete (414, 431, a malformed request line, a header timeout, 503).
        /// Takes precedence over `errorResponse` when set.
        public var requestErrorResponse: (@Sendable (HTTPStatus, String, HTTPRequest?) -> HTTPResponse)?
        /// With a context, the port speaks HTTPS only (docs/tls.md); nil = plain HTTP.
        public var tls: TLSContext?
        /// A TLS handshake must finish within this → close.
        public var handshakeTimeout: Duration = .seconds(10)
        /// The field that carries each exchange's id (e.g. `X-Request-ID`); nil = no ids. The
        /// request's value is kept when it is a sane token (`RequestIDGenerator.isValid`), else
        /// one is generated; the server writes it on every response, its own errors included,
        /// and reports it as `HTTPExchange.requestID`. A responder does not set this field.
        public var requestIDField: String?

        public init(
            host: String = "127.0.0.1", port: Int = 8080, limits: HTTPParserLimits = HTTPParserLimits(),
            headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(10),
            requestTimeout: Duration = .seconds(60), idleTimeout: Duration = .seconds(5),
            writeTimeout: Duration = .seconds(10), maxConnections: Int = 16_384, eventLoops: Int? = nil,
            backlog: Int32 = 4096,
            errorResponse: @escaping @Sendable (HTTPStatus, String) -> HTTPResponse = { status, detail in
                HTTPResponse.problem(status, detail: detail)
            }
        ) {
            self.host = host
            self.port = port
            self.limits = limits
            self.headerTimeout = headerTimeout
            self.bodyTimeout = bodyTimeout
            self.requestTimeout = requestTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.maxConnections = maxConnections
            self.eventLoops = eventLoops
            self.backlog = backlog
            self.errorResponse = errorResponse
            self.requestErrorResponse = nil
        }

        /// The same, with an error renderer that also receives the refused request's head
        /// (see `requestErrorResponse`).
        public init(
            host: String = "127.0.0.1", port: Int = 8080, limits: HTTPParserLimits = HTTPParserLimits(),
            headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(10),
            requestTimeout: Duration = .seconds(60), idleTimeout: Duration = .seconds(5),
            writeTimeout: Duration = .seconds(10), maxConnections: Int = 16_384, eventLoops: Int? = nil,
            backlog: Int32 = 4096,
            errorResponse: @escaping @Sendable (HTTPStatus, String, HTTPRequest?) -> HTTPResponse
        ) {
            self.init(
                host: host, port: port, limits: limits, headerTimeout: headerTimeout, bodyTimeout: bodyTimeout,
                requestTimeout: requestTimeout, idleTimeout: idleTimeout, writeTimeout: writeTimeout,
                maxConnections: maxConnections, eventLoops: eventLoops, backlog: backlog,
                errorResponse: { status, detail in errorResponse(status, detail, nil) })
            self.requestErrorResponse = errorResponse
        }

        /// The renderer the server calls: `requestErrorResponse`, else `errorResponse`.
        var resolvedErrorResponse: @Sendable (HTTPStatus, String, HTTPRequest?) -> HTTPResponse {
            if let requestErrorResponse { return requestErrorResponse }
            let render = errorResponse
            return { status, detail, _ in render(status, detail) }
        }
    }
}
