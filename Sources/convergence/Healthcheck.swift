import ArgumentParser
import ConvergenceAPI
import HTTPServer
#if canImport(Glibc)
import Glibc
#endif

/// GETs /healthz on the configured port (over TLS when `tls.certificate` is set) and exits 0
/// on a 200, 1 otherwise: the container's HEALTHCHECK, since slim images have no curl.
struct Healthcheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "GET /healthz on the configured port; exit 0 when it answers 200, else 1.")

    @OptionGroup var options: SettingsOptions

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 3

    func run() async throws {
        let settings: ServiceSettings
        do {
            settings = try await options.loader().load()
        } catch {
            print("unhealthy: \(error)")
            throw ExitCode(1)
        }
        // A wildcard listen address is reached through loopback.
        var host = settings.host
        if host == "0.0.0.0" || host.isEmpty { host = "127.0.0.1" }
        if host == "::" { host = "::1" }
        switch HealthProbe.get(host: host, port: settings.port, path: "/healthz", timeoutSeconds: timeout, tls: settings.tlsFiles) {
        case .success(let status) where status == 200:
            print("healthy: \(host):\(settings.port) answered 200")
        case .success(let status):
            print("unhealthy: \(host):\(settings.port) answered \(status)")
            throw ExitCode(1)
        case .failure(let error):
            print("unhealthy: \(error.message)")
            throw ExitCode(1)
        }
    }
}

/// A blocking one-shot HTTP/1.1 GET over a plain socket (this runs as its own short process).
enum HealthProbe {
    struct Failure: Error { var message: String }

    static func get(host: String, port: Int, path: String, timeoutSeconds: Int, tls files: TLSFiles? = nil) -> Result<Int, Failure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let info = list else {
            return .failure(Failure(message: "cannot resolve \(host)"))
        }
        defer { freeaddrinfo(list) }
        let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { return .failure(Failure(message: "socket: errno \(errno)")) }
        defer { close(fd) }
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            return .failure(Failure(message: "cannot connect to \(host):\(port) (errno \(errno))"))
        }
        var tls: HealthProbeTLS?
        if let files {
            do {
                tls = try HealthProbeTLS(fd: fd, files: files)
            } catch {
                return .failure(error)
            }
        }
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\nUser-Agent: convergence-healthcheck\r\n\r\n"
        let sent = request.withCString { tls?.write($0, strlen($0)) ?? send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        guard sent > 0 else { return .failure(Failure(message: "send failed (errno \(errno))")) }
        var buffer = [UInt8](repeating: 0, count: 512)
        var received: [UInt8] = []
        while received.count < 12 {
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return tls?.read(base, raw.count) ?? recv(fd, base, raw.count, 0)
            }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        let head = String(decoding: received.prefix(12), as: UTF8.self)
        guard head.hasPrefix("HTTP/1."), let status = Int(head.dropFirst(9).prefix(3)) else {
            return .failure(Failure(message: "no HTTP answer from \(host):\(port)"))
        }
        return .success(status)
    }
}
