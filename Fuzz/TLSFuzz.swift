// libFuzzer target for the TLS transport (Sources/HTTPServer/TLS/): fuzzed bytes go through
// the server's own TLSSession, as the event loop drives it. Built by `scripts/fuzz.sh --target
// tls` together with the HTTPServer sources; not part of the package.
//
// Each input runs one connection on a socketpair: the server end is a TLSSession from a
// TLSContext (a P-256 certificate made at start-up with the openssl command line); the other
// end is an in-process OpenSSL client, both non-blocking and stepped in turn. The first byte
// picks what the rest is:
//   0, 1  plaintext: the client completes a handshake (TLS 1.3 / 1.2), sends the bytes as
//         application data in records split where the input says, then closes with
//         close_notify. The server reads them with `read` (as the loop does, whole records
//         into a 16 KiB+ buffer), parses them with HTTPRequestParser, and writes every byte it
//         read back with `write`, retrying after EAGAIN from a copy of the unsent bytes (the
//         loop's pending queue) through a small socket buffer.
//   2     garbage before the handshake: the bytes are the client's first flight.
//   3     garbage after a handshake: raw bytes on the socket in place of records.
//   4     a real ClientHello with bytes of the input written over it.
// Invariants checked, each an abort (a libFuzzer crash) when broken:
//   - no crash, no hang: every exchange is stepped a bounded number of times;
//   - a real client always completes its handshake, and `read` never returns more than
//     the buffer holds;
//   - what the server reads is exactly what the client sent, in order, then 0 (end of stream
//     on close_notify); what it writes back arrives exactly;
//   - parsing the bytes as they came off TLS gives the same requests and error as parsing
//     them whole;
//   - bytes that are not the client's records never yield plaintext and end in a failed
//     handshake or a read error, never a finished handshake; a first byte 'A'...'Z' is
//     refused as plain HTTP.
import COpenSSL
import Glibc

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        let text = "invariant broken: \(message())\n"
        _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        abort()
    }
}

/// The server's context (made once: a throw-away certificate in a temporary directory) and a
/// client context that trusts anything (the test is about bytes, not identities).
struct Contexts: @unchecked Sendable {
    let server: TLSContext
    let client: OpaquePointer

    static let shared = Contexts()

    init() {
        let dir = "/tmp/tls-fuzz-\(getpid())"
        check(mkdir(dir, 0o700) == 0 || errno == EEXIST, "mkdir \(dir)")
        let made = system("""
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
            -keyout \(dir)/key.pem -out \(dir)/cert.pem 2>/dev/null
            """)
        check(made == 0, "openssl req failed (is the openssl command installed?)")
        do {
            server = try TLSContext(files: TLSFiles(certificate: "\(dir)/cert.pem", key: "\(dir)/key.pem"))
        } catch {
            check(false, "TLSContext: \(error)")
            fatalError()
        }
        guard let method = TLS_client_method(), let client = SSL_CTX_new(method) else {
            check(false, "client SSL_CTX_new")
            fatalError()
        }
        SSL_CTX_set_verify(client, SSL_VERIFY_NONE, nil)
        _ = copenssl_ctx_set_mode(client, Int(SSL_MODE_ENABLE_PARTIAL_WRITE) | Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        self.client = client
    }
}

/// A non-blocking stream socketpair; the server end's send buffer is small, so writes meet
/// EAGAIN and partial records.
struct Pair {
    let server: Int32
    let client: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        check(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0, "socketpair")
        server = fds[0]
        client = fds[1]
        var small: Int32 = 4096
        setsockopt(server, SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
    }

    func close() {
        Glibc.close(server)
        Glibc.close(client)
    }
}

/// The in-process client: an OpenSSL SSL on its end of the pair.
final class Client {
    let ssl: OpaquePointer

    init(fd: Int32, tls12: Bool) {
        guard let ssl = SSL_new(Contexts.shared.client) else {
            check(false, "client SSL_new")
            fatalError()
        }
        if tls12 { limitToTLS12(ssl) }
        SSL_set_fd(ssl, fd)
        SSL_set_connect_state(ssl)
        self.ssl = ssl
    }

    deinit { SSL_free(ssl) }

    /// One handshake step: true once done.
    func handshakeStep() -> Bool {
        ERR_clear_error()
        let rc = SSL_do_handshake(ssl)
        if rc == 1 { return true }
        let code = SSL_get_error(ssl, rc)
        check(code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE, "client handshake error \(code)")
        return false
    }

    /// Everything readable now, appended to `into`; false once the server closed.
    func drain(into received: inout [UInt8]) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            ERR_clear_error()
            let n = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if n > 0 {
                received += buffer[0..<Int(n)]
                continue
            }
            let code = SSL_get_error(ssl, n)
            ERR_clear_error()
            return code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE
        }
    }
}

/// SSL_set_max_proto_version (a macro) for one client.
func limitToTLS12(_ ssl: OpaquePointer) {
    _ = SSL_ctrl(ssl, SSL_CTRL_SET_MAX_PROTO_VERSION, Int(copenssl_tls1_2_version()), nil)
}

/// Steps the client's and the server's handshakes in turn until both finish.
func handshake(_ client: Client, _ session: TLSSession) {
    var clientDone = false
    var serverDone = false
    for _ in 0..<64 {
        if !clientDone { clientDone = client.handshakeStep() }
        if !serverDone {
            switch session.handshake() {
            case .done: serverDone = true
            case .wantRead, .wantWrite: break
            case .failed(let failure): check(false, "a real client's handshake failed: \(failure)")
            }
        }
        if clientDone && serverDone { return }
    }
    check(false, "handshake did not finish in 64 steps")
}

/// The requests and error from parsing `bytes` fed in the given pieces.
func parse(_ pieces: [[UInt8]]) -> [String] {
    var parser = HTTPRequestParser()
    var outcome: [String] = []
    for piece in pieces {
        parser.feed(piece)
        var polls = 0
        polling: while true {
            polls += 1
            check(polls < 100_000, "next() does not stop returning events")
            switch parser.next() {
            case .needMore: break polling
            case .request(let request): outcome.append("\(request.method.rawValue) \(request.target) \(request.headers.count) \(request.body.count)")
            case .expectContinue: break
            case .error(let error): outcome.append("error \(error.status.code)")
            }
        }
    }
    return outcome
}

let readCapacity = 64 * 1024

/// Modes 0 and 1: the input as application data, read, parsed and echoed back.
func exchangePlaintext(_ input: ArraySlice<UInt8>, tls12: Bool) {
    let pair = Pair()
    defer { pair.close() }
    guard let session = Contexts.shared.server.makeSession(fd: pair.server, now: 0) else {
        check(false, "makeSession")
        return
    }
    let client = Client(fd: pair.client, tls12: tls12)
    handshake(client, session)

    // Record sizes from the input itself: its first byte sets the split pattern.
    let payload = Array(input)
    let step = 1 + Int(payload.first ?? 0) * 67
    var sentUpTo = 0
    var closeSent = false
    var received: [UInt8] = []
    var pieces: [[UInt8]] = []
    var serverEnded = false
    var echo: [UInt8] = []
    var echoed: [UInt8] = []
    var clientEchoed: [UInt8] = []
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: readCapacity, alignment: 16)
    defer { buffer.deallocate() }

    for _ in 0..<(payload.count + 4_096) {
        // Client: the next record, or close_notify once everything is sent.
        if sentUpTo < payload.count {
            let end = min(payload.count, sentUpTo + step)
            let n = payload[sentUpTo..<end].withUnsafeBytes { SSL_write(client.ssl, $0.baseAddress, Int32($0.count)) }
            if n > 0 { sentUpTo += Int(n) }
        } else if !closeSent {
            closeSent = SSL_shutdown(client.ssl) >= 0
        }
        // Server: read as the loop does (whole records), then echo with the loop's retries.
        if !serverEnded {
            let n = session.read(buffer, readCapacity)
            check(n <= readCapacity, "read returned \(n) for a \(readCapacity)-byte buffer")
            if n > 0 {
                let bytes = Array(UnsafeRawBufferPointer(start: buffer, count: n))
                received += bytes
                pieces.append(bytes)
                echo += bytes
            } else if n == 0 {
                serverEnded = true
            } else {
                check(errno == EAGAIN, "read failed with errno \(errno) on a healthy connection")
            }
        }
        if echoed.count < echo.count {
            // A fresh copy each time: the pending bytes may move between retries.
            let pending = Array(echo[echoed.count...])
            let n = pending.withUnsafeBytes { session.write($0.baseAddress, $0.count) }
            if n > 0 {
                check(n <= pending.count, "write took \(n) of \(pending.count)")
                echoed += pending[0..<n]
            } else {
                check(n == -1 && errno == EAGAIN, "write failed with errno \(errno) on a healthy connection")
            }
        }
        _ = client.drain(into: &clientEchoed)
        if serverEnded && clientEchoed.count == payload.count { break }
    }
    check(serverEnded, "no end of stream after close_notify (received \(received.count) of \(payload.count))")
    check(received == payload, "the server read other bytes than were sent (\(received.count) vs \(payload.count))")
    check(clientEchoed == payload, "the echo arrived altered (\(clientEchoed.count) of \(payload.count) bytes)")
    check(parse(pieces) == parse([payload]), "parsing the bytes as TLS delivered them differs from parsing them whole")
    session.close()
}

/// Mode 2 and 4: `first` is the client's whole first flight; the handshake must fail or wait.
func exchangeFirstFlight(_ first: [UInt8]) {
    let pair = Pair()
    defer { pair.close() }
    guard let session = Contexts.shared.server.makeSession(fd: pair.server, now: 0) else { return }
    var written = 0
    while written < first.count {
        let n = first[written...].withUnsafeBytes { send(pair.client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n <= 0 { break }
        written += n
        if case .failed = session.handshake() { break }
    }
    var result = session.handshake()
    if case .done = result { check(false, "a handshake finished on bytes from no client") }
    if let letter = first.first, letter >= UInt8(ascii: "A"), letter <= UInt8(ascii: "Z") {
        if case .failed(.plainHTTP) = result {} else { check(false, "a first byte '\(letter)' was not refused as plain HTTP") }
    }
    // The client goes away: a handshake still waiting must fail now, not wait forever.
    shutdown(pair.client, Int32(SHUT_RDWR))
    for _ in 0..<8 {
        if case .failed = result { break }
        result = session.handshake()
    }
    if case .failed = result {} else { check(false, "the handshake still waits after the peer closed: \(result)") }
    session.close()
}

/// Mode 3: a real handshake, then raw bytes in place of records: no plaintext, no crash.
func exchangeGarbageRecords(_ garbage: ArraySlice<UInt8>) {
    let pair = Pair()
    defer { pair.close() }
    guard let session = Contexts.shared.server.makeSession(fd: pair.server, now: 0) else { return }
    let client = Client(fd: pair.client, tls12: garbage.first.map { $0 & 1 == 1 } ?? false)
    handshake(client, session)
    let bytes = Array(garbage)
    _ = bytes.withUnsafeBytes { send(pair.client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    shutdown(pair.client, Int32(SHUT_WR))
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: readCapacity, alignment: 16)
    defer { buffer.deallocate() }
    var ended = false
    for _ in 0..<(bytes.count / 5 + 16) {
        let n = session.read(buffer, readCapacity)
        check(n <= 0, "\(n) bytes of plaintext from records the client never sent")
        if n == 0 || (n < 0 && errno != EAGAIN) {
            ended = true
            break
        }
    }
    check(ended, "the read neither failed nor ended on garbage followed by the end of the stream")
    session.close()
}

/// The ClientHello a real client sends first.
func clientHello(tls12: Bool) -> [UInt8] {
    let pair = Pair()
    defer { pair.close() }
    let client = Client(fd: pair.client, tls12: tls12)
    _ = client.handshakeStep()
    var hello = [UInt8](repeating: 0, count: 4_096)
    let n = hello.withUnsafeMutableBytes { recv(pair.server, $0.baseAddress, $0.count, 0) }
    return Array(hello[0..<max(0, n)])
}

let helloTemplates = [clientHello(tls12: false), clientHello(tls12: true)]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTLS(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let input = UnsafeBufferPointer(start: data, count: size)
    let rest = Array(input.dropFirst())[...]
    switch input[0] % 5 {
    case 0: exchangePlaintext(rest, tls12: false)
    case 1: exchangePlaintext(rest, tls12: true)
    case 2: exchangeFirstFlight(Array(rest))
    case 3: exchangeGarbageRecords(rest)
    default:
        // Overwrite the hello at offsets and values taken from the input, in pairs.
        var hello = helloTemplates[Int(rest.first ?? 0) & 1]
        var i = rest.startIndex + 1
        while i + 1 < rest.endIndex && !hello.isEmpty {
            let offset = (Int(rest[i]) << 8 | Int(rest[i + 1])) % hello.count
            if i + 2 < rest.endIndex { hello[offset] = rest[i + 2] }
            i += 3
        }
        exchangeFirstFlight(hello)
    }
    return 0
}
