/// How `RawHTTPClient.startTLS` connects: which CA to trust, an optional client certificate
/// (mutual TLS), the name to send (SNI), and a session to resume.
public struct TLSClientOptions {
    public var caFile: String
    public var certificate: String?
    public var key: String?
    public var serverName: String
    public var session: TLSClientSavedSession?
    /// Highest version to offer (TLS 1.3 unless set to 1.2).
    public var maxVersion: TLSClientVersion

    public init(
        caFile: String, certificate: String? = nil, key: String? = nil, serverName: String = "localhost",
        session: TLSClientSavedSession? = nil, maxVersion: TLSClientVersion = .tls13
    ) {
        self.caFile = caFile
        self.certificate = certificate
        self.key = key
        self.serverName = serverName
        self.session = session
        self.maxVersion = maxVersion
    }
}

public enum TLSClientVersion: Sendable {
    case tls12, tls13
}
