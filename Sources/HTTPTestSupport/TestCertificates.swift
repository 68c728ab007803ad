internal import Glibc

/// A throw-away CA, a server certificate for localhost/127.0.0.1 and a client certificate,
/// made with the openssl command line in a fresh temporary directory (ECDSA P-256, 30 days).
public struct TestCertificates: Sendable {
    public let directory: String
    public var caCertificate: String { directory + "/ca.pem" }
    public var caKey: String { directory + "/ca.key" }
    public var serverCertificate: String { directory + "/server.pem" }
    public var serverKey: String { directory + "/server.key" }
    public var clientCertificate: String { directory + "/client.pem" }
    public var clientKey: String { directory + "/client.key" }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Makes the CA and both certificates.
    public static func make() throws(Failure) -> TestCertificates {
        var template = Array("/tmp/convergence-tls-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ $0.baseAddress.flatMap { mkdtemp($0) } }) else {
            throw Failure(description: "mkdtemp failed")
        }
        let certificates = TestCertificates(directory: String(cString: made))
        try certificates.run(["req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                              "-keyout", certificates.caKey, "-out", certificates.caCertificate, "-days", "30",
                              "-subj", "/CN=Convergence Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                              "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        try certificates.issue(name: "server", subject: "/CN=localhost", san: "DNS:localhost,IP:127.0.0.1", usage: "serverAuth")
        try certificates.issue(name: "client", subject: "/CN=proxy", san: "DNS:proxy", usage: "clientAuth")
        return certificates
    }

    /// A further certificate `name`.pem/.key signed by the CA (for reload tests).
    @discardableResult
    public func issue(name: String, subject: String, san: String, usage: String) throws(Failure) -> (certificate: String, key: String) {
        let key = "\(directory)/\(name).key", csr = "\(directory)/\(name).csr", certificate = "\(directory)/\(name).pem"
        try run(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                 "-keyout", key, "-out", csr, "-subj", subject,
                 "-addext", "subjectAltName=\(san)", "-addext", "extendedKeyUsage=\(usage)",
                 "-addext", "keyUsage=critical,digitalSignature"])
        try run(["x509", "-req", "-in", csr, "-CA", caCertificate, "-CAkey", caKey, "-CAcreateserial",
                 "-out", certificate, "-days", "30", "-copy_extensions", "copyall"])
        return (certificate, key)
    }

    /// Deletes the directory.
    public func remove() {
        _ = run(["/bin/rm", "-rf", directory], tool: "/bin/rm")
    }

    private func run(_ arguments: [String]) throws(Failure) {
        guard run(["openssl"] + arguments, tool: "openssl") == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")) failed")
        }
    }

    /// posix_spawnp with stdout and stderr to /dev/null; the exit status.
    private func run(_ argv: [String], tool: String) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var cArgs = argv.map { strdup($0) }
        cArgs.append(nil)
        defer { for arg in cArgs { free(arg) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, tool, &actions, nil, cArgs, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }
}
