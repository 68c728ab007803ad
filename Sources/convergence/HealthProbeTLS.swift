import COpenSSL
import HTTPServer

/// The health probe's TLS client when the service speaks HTTPS. It checks that the service
/// answers, not who it is: the certificate is not verified (the probe runs next to the
/// server, on loopback, where the certificate's names rarely match). With mutual TLS it
/// presents the server's own certificate and key, so those must be signed by a CA in
/// `tls.clientCA` (docs/tls.md).
final class HealthProbeTLS {
    private let ctx: OpaquePointer
    private let ssl: OpaquePointer

    init(fd: Int32, files: TLSFiles) throws(HealthProbe.Failure) {
        guard let method = TLS_client_method(), let ctx = SSL_CTX_new(method) else {
            throw HealthProbe.Failure(message: "cannot create a TLS client")
        }
        self.ctx = ctx
        if files.clientCA != nil {
            _ = SSL_CTX_use_certificate_chain_file(ctx, files.certificate)
            _ = SSL_CTX_use_PrivateKey_file(ctx, files.key, SSL_FILETYPE_PEM)
        }
        guard let ssl = SSL_new(ctx) else {
            SSL_CTX_free(ctx)
            throw HealthProbe.Failure(message: "cannot create a TLS session")
        }
        self.ssl = ssl
        SSL_set_fd(ssl, fd)
        guard SSL_connect(ssl) == 1 else {
            let code = ERR_get_error()
            let reason = code == 0 ? "connection closed" : ERR_reason_error_string(code).map { String(cString: $0) } ?? "error \(code)"
            throw HealthProbe.Failure(message: "TLS handshake failed: \(reason)")
        }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(ctx)
    }

    func write(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        Int(SSL_write(ssl, bytes, Int32(count)))
    }

    func read(_ buffer: UnsafeMutableRawPointer, _ capacity: Int) -> Int {
        Int(SSL_read(ssl, buffer, Int32(capacity)))
    }
}
