internal import COpenSSL

/// Why a handshake failed, in a few stable words (a metrics label: bounded cardinality).
public enum TLSHandshakeFailure: String, Sendable, CaseIterable {
    /// Plain HTTP sent to the TLS port (answered with a plain 400).
    case plainHTTP = "plain_http"
    /// Mutual TLS: the client sent no certificate.
    case noClientCertificate = "no_client_certificate"
    /// Mutual TLS: the client's certificate does not verify against the client CA.
    case badClientCertificate = "bad_client_certificate"
    /// No TLS version, cipher or group in common.
    case noSharedParameters = "no_shared_parameters"
    /// The handshake did not finish within the handshake timeout.
    case timeout
    /// The peer closed or reset the connection mid-handshake.
    case closed
    /// Anything else (malformed records, alerts from the client).
    case other

    init(sslError: Int32, reason: Int32) {
        switch reason {
        case SSL_R_HTTP_REQUEST, SSL_R_HTTPS_PROXY_REQUEST: self = .plainHTTP
        case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE: self = .noClientCertificate
        case SSL_R_CERTIFICATE_VERIFY_FAILED: self = .badClientCertificate
        case SSL_R_NO_SHARED_CIPHER, SSL_R_NO_SHARED_GROUPS, SSL_R_UNSUPPORTED_PROTOCOL, SSL_R_WRONG_VERSION_NUMBER:
            self = .noSharedParameters
        case SSL_R_UNEXPECTED_EOF_WHILE_READING: self = .closed
        // The peer's end of stream mid-handshake reads as a close (SSL_OP_IGNORE_UNEXPECTED_EOF).
        default: self = sslError == SSL_ERROR_SYSCALL || sslError == SSL_ERROR_ZERO_RETURN ? .closed : .other
        }
    }
}
