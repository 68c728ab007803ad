public import HTTPServer

/// Everything an operator can set, after the layers are merged (see `SettingsLoader`).
/// A plain value: a reload builds a new one and swaps it in with the engine.
public struct ServiceSettings: Sendable, Equatable {
    public enum LogFormat: String, Sendable, Equatable, CaseIterable { case json, text }

    public var host = "0.0.0.0"
    public var port = 8080
    /// Event-loop threads of the server (0 = one per core).
    public var loops = 0
    public var maxConnections = 16_384

    public var maxRequestLineBytes = 8 * 1024
    public var maxHeaderBytes = 32 * 1024
    public var maxHeaderCount = 100
    public var maxBodyBytes = 1024 * 1024
    /// Entries of any list in a request body (a `/score` batch, `/compare` approaches or
    /// items, `loads`); more is answered 413 before any of them is looked at.
    public var maxBatchItems = 1000

    public var headerTimeout = 10.0
    public var bodyTimeout = 10.0
    public var idleTimeout = 5.0
    public var writeTimeout = 10.0
    /// How long SIGTERM waits for in-flight requests before closing what is left.
    public var drainTimeout = 10.0
    /// The first part of the drain: `/readyz` answers 503 while the server still accepts and
    /// answers, so a load balancer polling it sees the 503 before the listener closes. 0 skips it.
    public var drainGrace = 2.0

    /// Origins allowed by CORS; `*` means any origin (never with credentials).
    public var corsOrigins: [String] = ["*"]
    /// The one header a trusted proxy sets to name its client (the other one is ignored).
    public enum ProxyHeader: String, Sendable, Equatable, CaseIterable {
        case xForwardedFor = "x-forwarded-for"
        case forwarded
    }

    /// Addresses or CIDR blocks whose `proxyHeader` is believed.
    public var trustedProxies: [String] = []
    public var proxyHeader = ProxyHeader.xForwardedFor
    /// Bodies smaller than this are never compressed (gzip costs more than it saves).
    public var gzipMinimumBytes = 1024

    public var logFormat = LogFormat.json
    public var logLevel = "info"
    public var accessLog = true

    /// HTTPS (docs/tls.md): PEM certificate chain and key; both set = the port speaks HTTPS only.
    public var tlsCertificate = ""
    public var tlsKey = ""
    /// PEM CA bundle for mutual TLS: clients must present a certificate it signed. Empty = off.
    public var tlsClientCA = ""
    /// A TLS handshake must finish within this many seconds.
    public var tlsHandshakeTimeout = 10.0

    /// The TLS files when HTTPS is on, nil for plain HTTP.
    public var tlsFiles: TLSFiles? {
        guard !tlsCertificate.isEmpty, !tlsKey.isEmpty else { return nil }
        return TLSFiles(certificate: tlsCertificate, key: tlsKey, clientCA: tlsClientCA.isEmpty ? nil : tlsClientCA)
    }

    /// Directory holding the engine's data files; empty = the data compiled into the binary.
    public var catalogPath = ""
    /// Directory of the dashboard; missing = no static files.
    public var publicPath = "Public"

    public init() {}
}
