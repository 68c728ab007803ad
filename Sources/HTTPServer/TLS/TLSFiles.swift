/// Where the server's certificate, key and (for mutual TLS) client CA bundle are read from.
public struct TLSFiles: Sendable, Equatable {
    /// PEM: the server certificate first, then any intermediates.
    public var certificate: String
    /// PEM private key matching the certificate (unencrypted).
    public var key: String
    /// PEM bundle of CAs that sign client certificates; when set, clients must present one.
    public var clientCA: String?

    public init(certificate: String, key: String, clientCA: String? = nil) {
        self.certificate = certificate
        self.key = key
        self.clientCA = clientCA
    }
}
