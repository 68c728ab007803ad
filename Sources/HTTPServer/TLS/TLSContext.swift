internal import COpenSSL
internal import Glibc
import Synchronization

/// The server side of TLS: an OpenSSL `SSL_CTX` built from `TLSFiles` with the Mozilla
/// "intermediate" profile (TLS 1.2 and 1.3; ECDHE with AES-GCM or ChaCha20-Poly1305; groups
/// X25519, P-256, P-384; no compression, no renegotiation; ALPN http/1.1; resumption from a
/// server-side session cache, tickets off as the profile recommends).
///
/// `reload` builds a fresh context and swaps it in only if every file is valid: handshakes
/// started afterwards use it, connections already open keep theirs (OpenSSL counts references).
public final class TLSContext: Sendable {
    private let current: Mutex<Handle>

    /// What the loaded certificate says (for logs, check-config and the expiry gauge).
    public struct Certificate: Sendable, Equatable {
        public var subject: String
        /// notAfter, seconds since the Unix epoch.
        public var notAfter: Int64
    }

    public init(files: TLSFiles) throws(TLSError) {
        Self.ignoreSIGPIPE()
        current = Mutex(try Handle(files: files))
    }

    /// The files in force.
    public var files: TLSFiles { current.withLock { $0.files } }

    /// The certificate in force.
    public var certificate: Certificate { current.withLock { $0.certificate } }

    /// Re-reads the files (the same ones, or `files`). On error the previous context stays.
    public func reload(files: TLSFiles? = nil) throws(TLSError) {
        let next = try Handle(files: files ?? self.files)
        current.withLock { $0 = next }
    }

    /// Validates files without serving them (check-config): readable, parsable, the key
    /// matches the certificate, the client CA bundle loads. Returns the certificate.
    public static func validate(_ files: TLSFiles) throws(TLSError) -> Certificate {
        try Handle(files: files).certificate
    }

    /// A server session on an accepted non-blocking socket, with the context in force now.
    func makeSession(fd: Int32, now: UInt64) -> TLSSession? {
        // The handle keeps its SSL_CTX alive while SSL_new takes its own reference.
        let handle = current.withLock { $0 }
        guard let ssl = SSL_new(handle.ctx) else { return nil }
        guard SSL_set_fd(ssl, fd) == 1 else {
            SSL_free(ssl)
            return nil
        }
        SSL_set_accept_state(ssl)
        return TLSSession(ssl: ssl, startedAt: now)
    }

    /// OpenSSL writes with write(2), not send(MSG_NOSIGNAL): a peer that went away would kill
    /// the process with SIGPIPE. EPIPE is handled as an error like every other.
    private static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }
}

/// One built `SSL_CTX` (freed when the last reference goes; sessions hold their own).
private final class Handle: @unchecked Sendable {
    let ctx: OpaquePointer
    let files: TLSFiles
    let certificate: TLSContext.Certificate

    static let tls12Ciphers = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")
    static let tls13Ciphers = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
    static let groups = "X25519:P-256:P-384"

    init(files: TLSFiles) throws(TLSError) {
        ERR_clear_error()
        guard let method = TLS_server_method(), let ctx = SSL_CTX_new(method) else {
            throw .openSSL("cannot create a TLS context")
        }
        do {
            try Self.configure(ctx, files)
            certificate = try Self.describe(ctx, files)
        } catch {
            SSL_CTX_free(ctx)
            throw error
        }
        self.ctx = ctx
        self.files = files
    }

    deinit { SSL_CTX_free(ctx) }

    private static func configure(_ ctx: OpaquePointer, _ files: TLSFiles) throws(TLSError) {
        guard copenssl_ctx_set_min_proto(ctx, copenssl_tls1_2_version()) == 1,
              copenssl_ctx_set_max_proto(ctx, copenssl_tls1_3_version()) == 1,
              SSL_CTX_set_cipher_list(ctx, tls12Ciphers) == 1,
              SSL_CTX_set_ciphersuites(ctx, tls13Ciphers) == 1,
              copenssl_ctx_set_groups(ctx, groups) == 1
        else { throw .openSSL("cannot apply the TLS profile") }
        copenssl_ctx_set_profile_options(ctx)
        // Partial writes and a buffer that may move between retries fit the event loop's
        // pending-output queue; idle connections give their record buffers back.
        _ = copenssl_ctx_set_mode(ctx, Int(SSL_MODE_ENABLE_PARTIAL_WRITE) | Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER) | Int(SSL_MODE_RELEASE_BUFFERS))
        // A record in one recv rather than two (its 5-byte header, then the rest), as nginx
        // reads. OpenSSL may then hold input epoll does not report: the event loop reads it
        // whenever it resumes reading (`TLSSession.hasBufferedInput`).
        copenssl_ctx_set_read_ahead(ctx, 1)
        // Resumption by session ID (TLS 1.2) and stateful tickets (TLS 1.3) from this cache.
        let sessionContext = Array("convergence".utf8)
        _ = SSL_CTX_set_session_id_context(ctx, sessionContext, UInt32(sessionContext.count))
        _ = copenssl_ctx_set_session_cache_mode(ctx, Int(SSL_SESS_CACHE_SERVER))
        _ = copenssl_ctx_sess_set_cache_size(ctx, 20_480)
        copenssl_ctx_use_alpn_http11(ctx)

        try requireReadable(files.certificate, "tls.certificate")
        try requireReadable(files.key, "tls.key")
        guard SSL_CTX_use_certificate_chain_file(ctx, files.certificate) == 1 else {
            throw .openSSL("tls.certificate \(files.certificate) is not a usable PEM certificate chain")
        }
        guard SSL_CTX_use_PrivateKey_file(ctx, files.key, SSL_FILETYPE_PEM) == 1 else {
            if copenssl_last_error_reason() == X509_R_KEY_VALUES_MISMATCH {
                throw .openSSL("tls.key \(files.key) does not match tls.certificate \(files.certificate)")
            }
            throw .openSSL("tls.key \(files.key) is not a usable PEM private key")
        }
        guard SSL_CTX_check_private_key(ctx) == 1 else {
            throw .openSSL("tls.key \(files.key) does not match tls.certificate \(files.certificate)")
        }
        if let ca = files.clientCA {
            try requireReadable(ca, "tls.clientCA")
            guard SSL_CTX_load_verify_locations(ctx, ca, nil) == 1, let names = SSL_load_client_CA_file(ca) else {
                throw .openSSL("tls.clientCA \(ca) is not a usable PEM CA bundle")
            }
            SSL_CTX_set_client_CA_list(ctx, names)
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        }
    }

    private static func requireReadable(_ path: String, _ setting: String) throws(TLSError) {
        guard access(path, R_OK) == 0 else {
            throw TLSError("\(setting) \(path) is not readable: \(String(cString: strerror(errno)))")
        }
    }

    private static func describe(_ ctx: OpaquePointer, _ files: TLSFiles) throws(TLSError) -> TLSContext.Certificate {
        guard let cert = SSL_CTX_get0_certificate(ctx), let notAfter = X509_get0_notAfter(cert) else {
            throw .openSSL("tls.certificate \(files.certificate) holds no certificate")
        }
        var tm = tm()
        guard ASN1_TIME_to_tm(notAfter, &tm) == 1 else {
            throw .openSSL("tls.certificate \(files.certificate) has an unreadable expiry date")
        }
        var subject = ""
        if let name = X509_get_subject_name(cert), let text = X509_NAME_oneline(name, nil, 0) {
            subject = String(cString: text)
            CRYPTO_free(text, #fileID, #line)
        }
        return TLSContext.Certificate(subject: subject, notAfter: Int64(timegm(&tm)))
    }
}
