import Glibc
import HTTPServer
import HTTPTestSupport
import Synchronization
import Testing

/// HTTPS on the server's own port (docs/tls.md), against a CA made for the test run.
@Suite(.serialized) final class TLSTests {
    static let get = "GET /t HTTP/1.1\r\nHost: localhost\r\n\r\n"

    let certificates: TestCertificates

    init() throws {
        certificates = try TestCertificates.make()
    }

    deinit { certificates.remove() }

    func configuration(clientCA: Bool = false, handshakeTimeout: Duration = .seconds(5),
                       timeout: Duration? = nil) throws -> HTTPServer.Configuration {
        var configuration = HTTPServer.Configuration.testing(timeout: timeout)
        configuration.tls = try TLSContext(files: TLSFiles(
            certificate: certificates.serverCertificate, key: certificates.serverKey,
            clientCA: clientCA ? certificates.caCertificate : nil))
        configuration.handshakeTimeout = handshakeTimeout
        return configuration
    }

    func connect(_ server: HTTPServer, _ options: TLSClientOptions? = nil) throws -> RawHTTPClient {
        let client = try RawHTTPClient(port: server.port)
        try client.startTLS(options ?? TLSClientOptions(caFile: certificates.caCertificate))
        return client
    }

    @Test func servesHTTPOverTLS13WithALPN() throws {
        try TestServer.with(responder: EchoResponder(), configuration: configuration()) { server in
            let client = try connect(server)
            #expect(client.tlsVersion == "TLSv1.3")
            #expect(client.tlsALPN == "http/1.1")
            #expect(client.tlsPeerSubject == "/CN=localhost")
            for i in 0..<20 {
                try client.send("GET /r\(i) HTTP/1.1\r\nHost: localhost\r\n\r\n")
                let response = try #require(try client.readResponse())
                #expect(response.status == 200)
                #expect(response.bodyText == "GET /r\(i) 0")
            }
            #expect(server.openConnections == 1)
        }
    }

    @Test func servesTLS12() throws {
        try TestServer.with(responder: EchoResponder(), configuration: configuration()) { server in
            let client = try connect(server, TLSClientOptions(caFile: certificates.caCertificate, maxVersion: .tls12))
            #expect(client.tlsVersion == "TLSv1.2")
            try client.send(Self.get)
            #expect(try client.readResponse()?.bodyText == "GET /t 0")
        }
    }

    @Test func largeBodiesPipeliningAndUploadsOverTLS() throws {
        try TestServer.with(responder: EchoResponder(), configuration: configuration()) { server in
            let client = try connect(server)
            // 8 MiB outgrows the socket buffer: the write waits for EPOLLOUT and resumes.
            try client.send("GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try client.readResponse()?.body == EchoResponder.big)
            try client.send("GET /large HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(try client.readResponse()?.body == EchoResponder.large)
            let upload = String(repeating: "u", count: 200_000)
            var batch = "POST /up HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(upload.utf8.count)\r\n\r\n" + upload
            for i in 0..<30 { batch += "GET /p\(i) HTTP/1.1\r\nHost: localhost\r\n\r\n" }
            try client.send(batch)
            #expect(try client.readResponse()?.bodyText == "POST /up 200000")
            for i in 0..<30 { #expect(try client.readResponse()?.bodyText == "GET /p\(i) 0") }
        }
    }

    /// OpenSSL reads records ahead of the one served (docs/tls.md), where epoll cannot see them:
    /// requests sent as separate records in one burst must all be answered, whether the server
    /// stops reading for fairness (many small answers) or because its output is backed up
    /// (large answers the client does not read until it has sent everything).
    @Test func recordsReadAheadAreAllServed() throws {
        try TestServer.with(responder: EchoResponder(), configuration: configuration()) { server in
            let client = try connect(server)
            for i in 0..<300 { try client.send("GET /s\(i) HTTP/1.1\r\nHost: localhost\r\n\r\n") }
            for i in 0..<300 { #expect(try client.readResponse()?.bodyText == "GET /s\(i) 0") }

            for _ in 0..<40 { try client.send("GET /large HTTP/1.1\r\nHost: localhost\r\n\r\n") }
            for _ in 0..<40 { #expect(try client.readResponse()?.body == EchoResponder.large) }
        }
    }

    @Test func resumesASession() throws {
        try TestServer.with(responder: EchoResponder(), configuration: configuration()) { server in
            for version in [TLSClientVersion.tls13, .tls12] {
                let first = try connect(server, TLSClientOptions(caFile: certificates.caCertificate, maxVersion: version))
                try first.send(Self.get)
                _ = try first.readResponse()
                #expect(!first.tlsResumed)
                let session = try #require(first.tlsSession)
                let second = try connect(server, TLSClientOptions(
                    caFile: certificates.caCertificate, session: session, maxVersion: version))
                try second.send(Self.get)
                #expect(try second.readResponse()?.status == 200)
                #expect(second.tlsResumed)
            }
        }
    }

    @Test func refusesPlainHTTPWithA400() throws {
        let observer = TLSObserver()
        try TestServer.with(responder: EchoResponder(), configuration: configuration(), observer: observer) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n")
            let response = try #require(try client.readResponse())
            #expect(response.status == 400)
            #expect(response.bodyText.contains("HTTPS"))
            #expect(try client.isClosedByServer())
            #expect(observer.failures.withLock { $0 } == [.plainHTTP])
        }
    }

    @Test func closesOnBytesThatAreNeitherTLSNorHTTP() throws {
        try TestServer.with(responder: EchoResponder(), configuration: configuration()) { server in
            let client = try RawHTTPClient(port: server.port)
            try client.send([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07])
            #expect(try client.isClosedByServer())
        }
    }

    @Test func handshakeTimeoutClosesASilentClient() throws {
        let observer = TLSObserver()
        try TestServer.with(
            responder: EchoResponder(), configuration: configuration(handshakeTimeout: .milliseconds(300)),
            observer: observer
        ) { server in
            let client = try RawHTTPClient(port: server.port)
            #expect(try client.isClosedByServer())
            #expect(eventually { server.openConnections == 0 })
            #expect(observer.failures.withLock { $0 } == [.timeout])
        }
    }

    @Test func headerTimeoutHoldsOverTLS() throws {
        try TestServer.with(responder: EchoResponder(), configuration: configuration(timeout: .milliseconds(300))) { server in
            let client = try connect(server)
            try client.send("GET /slow HTTP/1.1\r\nHost: local")
            let response = try #require(try client.readResponse())
            #expect(response.status == 408)
            #expect(try client.isClosedByServer())
        }
    }

    @Test func aPipelineOutlastingTheHeaderTimeoutIsServed() throws {
        // Every head arrives within the header timeout (1 s), the pipeline as a whole takes
        // 2 s, and each read ends in the middle of the next head (as a long pipeline's reads
        // do), so the connection is never idle at a read. Seen over TLS, where a long pipeline
        // is slower (scripts/hostile/limits.sh).
        try TestServer.with(responder: EchoResponder(), configuration: configuration(timeout: .seconds(1))) { server in
            let client = try connect(server)
            let requests = (0..<6).map { Array("GET /p\($0) HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8) }
            var pending: [UInt8] = requests[0]
            for next in requests.dropFirst() {
                try client.send(pending + next.prefix(10))
                pending = Array(next.dropFirst(10))
                RawHTTPClient.sleep(.milliseconds(400))
            }
            try client.send(pending)
            for i in 0..<6 {
                let response = try #require(try client.readResponse())
                #expect(response.status == 200)
                #expect(response.bodyText == "GET /p\(i) 0")
            }
        }
    }

    @Test func idleTimeoutClosesAKeepAliveTLSConnection() throws {
        try TestServer.with(responder: EchoResponder(), configuration: configuration(timeout: .milliseconds(300))) { server in
            let client = try connect(server)
            try client.send(Self.get)
            #expect(try client.readResponse()?.status == 200)
            #expect(try client.isClosedByServer())
            #expect(client.tlsReceivedCloseNotify)
        }
    }

    @Test func connectionCapHoldsOverTLS() throws {
        var configuration = try configuration()
        configuration.maxConnections = 1
        let observer = CountingObserver()
        try TestServer.with(responder: EchoResponder(), configuration: configuration, observer: observer) { server in
            let first = try connect(server)
            // Over the cap: closed before the handshake (a plain 503 would mean nothing here).
            let second = try RawHTTPClient(port: server.port)
            #expect(throws: RawHTTPClientError.self) {
                try second.startTLS(TLSClientOptions(caFile: certificates.caCertificate))
            }
            #expect(observer.counts.withLock { $0.rejected } == 1)
            try first.send(Self.get)
            #expect(try first.readResponse()?.status == 200)
        }
    }

    @Test func sendsCloseNotifyWhenClosing() throws {
        try TestServer.with(responder: EchoResponder(), configuration: configuration()) { server in
            let client = try connect(server)
            try client.send("GET /c HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(try client.readResponse()?.closes == true)
            #expect(try client.isClosedByServer())
            #expect(client.tlsReceivedCloseNotify)
        }
    }

    @Test func aClientsHalfCloseGetsTheResponseThenCloseNotify() throws {
        // The client ends its side of TCP without close_notify after its request: it still
        // reads the whole response, then the server's close_notify (a clean end, as over plain
        // HTTP the FIN is).
        try TestServer.with(responder: EchoResponder(), configuration: configuration()) { server in
            let client = try connect(server)
            try client.send("GET /h HTTP/1.1\r\nHost: localhost\r\n\r\n")
            client.shutdownWrite()
            #expect(try client.readResponse()?.bodyText == "GET /h 0")
            #expect(try client.isClosedByServer())
            #expect(client.tlsReceivedCloseNotify)
        }
    }

    @Test func aPeerClosingMidHandshakeIsClosedQuietlyAndCountedAsClosed() throws {
        let observer = TLSObserver()
        try TestServer.with(responder: EchoResponder(), configuration: configuration(), observer: observer) { server in
            let client = try RawHTTPClient(port: server.port)
            // The first bytes of a handshake record, then the end of the stream: closed with
            // no alert (a decode_error before SSL_OP_IGNORE_UNEXPECTED_EOF), counted as closed.
            try client.send([0x16, 0x03, 0x01, 0x00, 0x40, 0x01])
            client.shutdownWrite()
            #expect(try client.isClosedByServer())
            #expect(eventually { observer.failures.withLock { $0 } == [.closed] })
        }
    }

    @Test func aClientAcceptedDuringTheDrainsGracePeriodIsServed() throws {
        // As over plain HTTP, a client accepted while the listener still accepts gets one
        // answer (with Connection: close), even if sweeps pass before its handshake.
        try TestServer.with(responder: EchoResponder(), configuration: configuration()) { server in
            server.announceShutdown()
            let client = try RawHTTPClient(port: server.port)
            RawHTTPClient.sleep(.milliseconds(600))  // sweeps run every 250 ms
            try client.startTLS(TLSClientOptions(caFile: certificates.caCertificate))
            try client.send(Self.get)
            let answer = try #require(try client.readResponse())
            #expect(answer.bodyText == "GET /t 0")
            #expect(answer.closes)
        }
    }

    @Test func mutualTLSRefusesAClientWithoutCertificate() throws {
        let observer = TLSObserver()
        try TestServer.with(responder: EchoResponder(), configuration: configuration(clientCA: true), observer: observer) { server in
            // TLS 1.3 finishes the client's side before the server checks: the refusal arrives
            // as an alert instead of a response.
            let client = try RawHTTPClient(port: server.port)
            var served = false
            do {
                try client.startTLS(TLSClientOptions(caFile: certificates.caCertificate))
                try client.send(Self.get)
                served = try client.readResponse() != nil
            } catch {}
            #expect(!served)
            #expect(eventually { observer.failures.withLock { $0 } == [.noClientCertificate] })
        }
    }

    @Test func mutualTLSServesACASignedClient() throws {
        let observer = TLSObserver()
        try TestServer.with(responder: EchoResponder(), configuration: configuration(clientCA: true), observer: observer) { server in
            let client = try connect(server, TLSClientOptions(
                caFile: certificates.caCertificate, certificate: certificates.clientCertificate,
                key: certificates.clientKey))
            try client.send(Self.get)
            #expect(try client.readResponse()?.bodyText == "GET /t 0")
            #expect(observer.handshakes.withLock { $0 } == 1)
        }
    }

    @Test func mutualTLSRefusesAClientSignedByAnotherCA() throws {
        let other = try TestCertificates.make()
        defer { other.remove() }
        try TestServer.with(responder: EchoResponder(), configuration: configuration(clientCA: true)) { server in
            let client = try RawHTTPClient(port: server.port)
            var served = false
            do {
                try client.startTLS(TLSClientOptions(
                    caFile: certificates.caCertificate, certificate: other.clientCertificate, key: other.clientKey))
                try client.send(Self.get)
                served = try client.readResponse() != nil
            } catch {}
            #expect(!served)
        }
    }

    @Test func reloadServesTheNewCertificateAndKeepsOpenConnections() throws {
        let configuration = try configuration()
        let context = try #require(configuration.tls)
        try TestServer.with(responder: EchoResponder(), configuration: configuration) { server in
            let before = try connect(server)
            #expect(before.tlsPeerSubject == "/CN=localhost")
            let renewed = try certificates.issue(
                name: "renewed", subject: "/CN=localhost/O=Renewed", san: "DNS:localhost", usage: "serverAuth")
            try context.reload(files: TLSFiles(certificate: renewed.certificate, key: renewed.key))
            let after = try connect(server)
            #expect(after.tlsPeerSubject == "/CN=localhost/O=Renewed")
            try before.send(Self.get)
            #expect(try before.readResponse()?.status == 200)
            try after.send(Self.get)
            #expect(try after.readResponse()?.status == 200)
        }
    }

    @Test func reloadWithABrokenFileKeepsTheOldCertificate() throws {
        let configuration = try configuration()
        let context = try #require(configuration.tls)
        try TestServer.with(responder: EchoResponder(), configuration: configuration) { server in
            let broken = certificates.directory + "/broken.pem"
            try write("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", to: broken)
            #expect(throws: TLSError.self) {
                try context.reload(files: TLSFiles(certificate: broken, key: certificates.serverKey))
            }
            // A key that belongs to another certificate is refused too.
            #expect(throws: TLSError.self) {
                try context.reload(files: TLSFiles(certificate: certificates.serverCertificate, key: certificates.clientKey))
            }
            #expect(context.files.certificate == certificates.serverCertificate)
            let client = try connect(server)
            #expect(client.tlsPeerSubject == "/CN=localhost")
            try client.send(Self.get)
            #expect(try client.readResponse()?.status == 200)
        }
    }

    @Test func validateReportsTheExpiry() throws {
        let certificate = try TLSContext.validate(TLSFiles(certificate: certificates.serverCertificate, key: certificates.serverKey))
        let now = Int64(time(nil))
        // Issued for 30 days by TestCertificates.
        #expect(abs(certificate.notAfter - (now + 30 * 86_400)) < 600)
        #expect(throws: TLSError.self) {
            try TLSContext.validate(TLSFiles(certificate: certificates.directory + "/missing.pem", key: certificates.serverKey))
        }
    }

    func write(_ text: String, to path: String) throws {
        let file = try #require(fopen(path, "w"))
        fputs(text, file)
        fclose(file)
    }
}

/// Counts handshake outcomes.
final class TLSObserver: HTTPServerObserver {
    let handshakes = Mutex(0)
    let failures = Mutex<[TLSHandshakeFailure]>([])
    func tlsHandshakeCompleted(durationNanoseconds: UInt64, resumed: Bool) { handshakes.withLock { $0 += 1 } }
    func tlsHandshakeFailed(_ failure: TLSHandshakeFailure) { failures.withLock { $0.append(failure) } }
}
