internal import COpenSSL
internal import Glibc

/// The OpenSSL client side of a test connection (blocking socket, certificate verified
/// against a test CA). `RawHTTPClient` sends and reads through it after `startTLS`.
final class TLSClientSession {
    private let ctx: OpaquePointer
    private let ssl: OpaquePointer

    init(fd: Int32, options: TLSClientOptions) throws(RawHTTPClientError) {
        ERR_clear_error()
        guard let method = TLS_client_method(), let ctx = SSL_CTX_new(method) else { throw Self.failure("SSL_CTX_new") }
        self.ctx = ctx
        _ = copenssl_ctx_set_max_proto(ctx, options.maxVersion == .tls12 ? copenssl_tls1_2_version() : copenssl_tls1_3_version())
        guard SSL_CTX_load_verify_locations(ctx, options.caFile, nil) == 1 else {
            SSL_CTX_free(ctx)
            throw Self.failure("CA file")
        }
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
        if let certificate = options.certificate, let key = options.key {
            guard SSL_CTX_use_certificate_chain_file(ctx, certificate) == 1,
                  SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) == 1 else {
                SSL_CTX_free(ctx)
                throw Self.failure("client certificate")
            }
        }
        guard let ssl = SSL_new(ctx) else {
            SSL_CTX_free(ctx)
            throw Self.failure("SSL_new")
        }
        self.ssl = ssl
        _ = copenssl_set_tlsext_host_name(ssl, options.serverName)
        _ = SSL_set1_host(ssl, options.serverName)
        let alpn: [UInt8] = [8] + Array("http/1.1".utf8)
        _ = SSL_set_alpn_protos(ssl, alpn, UInt32(alpn.count))
        if let saved = options.session { SSL_set_session(ssl, saved.session) }
        SSL_set_fd(ssl, fd)
        let rc = SSL_connect(ssl)
        guard rc == 1 else { throw Self.failure("handshake") }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(ctx)
    }

    var version: String { String(cString: SSL_get_version(ssl)) }
    var resumed: Bool { copenssl_session_reused(ssl) == 1 }
    var alpn: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(ssl, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }
    /// The server certificate's subject ("/CN=localhost").
    var peerSubject: String? {
        guard let cert = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(cert) }
        guard let name = X509_get_subject_name(cert), let text = X509_NAME_oneline(name, nil, 0) else { return nil }
        defer { CRYPTO_free(text, #fileID, #line) }
        return String(cString: text)
    }
    var savedSession: TLSClientSavedSession? { SSL_get1_session(ssl).map(TLSClientSavedSession.init) }

    func write(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        let n = SSL_write(ssl, bytes, Int32(count))
        return n > 0 ? Int(n) : -1
    }

    /// recv(2)-like: > 0 bytes, 0 at close (close_notify or EOF), -1 with errno.
    func read(_ buffer: UnsafeMutableRawPointer, _ capacity: Int) -> Int {
        let n = SSL_read(ssl, buffer, Int32(capacity))
        if n > 0 { return Int(n) }
        let code = SSL_get_error(ssl, n)
        ERR_clear_error()
        if code == SSL_ERROR_ZERO_RETURN {
            receivedCloseNotify = true
            return 0
        }
        if code == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK) { return -1 }
        if code == SSL_ERROR_WANT_READ { errno = EAGAIN; return -1 }
        if code == SSL_ERROR_SYSCALL { return 0 }
        errno = ECONNRESET
        return -1
    }

    /// True once a read met the server's close_notify (not a fatal alert, which also marks
    /// the session shut down).
    private(set) var receivedCloseNotify = false

    private static func failure(_ step: String) -> RawHTTPClientError {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if let text = ERR_reason_error_string(code) { reasons.append(String(cString: text)) }
        }
        return .tls("\(step): \(reasons.joined(separator: "; "))")
    }
}

/// A session from an earlier connection, offered again to resume.
public final class TLSClientSavedSession: @unchecked Sendable {
    let session: OpaquePointer
    init(_ session: OpaquePointer) { self.session = session }
    deinit { SSL_SESSION_free(session) }
}
