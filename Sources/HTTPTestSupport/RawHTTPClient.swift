public import HTTPServer
internal import Glibc

/// A blocking raw-socket HTTP/1.1 client for tests: sends exact bytes (whole, split, or
/// slowly), reads responses with Content-Length, chunked or close-delimited bodies, and can
/// tell whether the server closed the connection.
public final class RawHTTPClient {
    public let fd: Int32
    private var buffer: [UInt8] = []
    private var isClosed = false
    private var tls: TLSClientSession?

    /// Connects to `host:port`; reads give up after `timeout` (then throw `.timeout`).
    public init(port: Int, host: String = "127.0.0.1", timeout: Duration = .seconds(5)) throws(RawHTTPClientError) {
        let isV6 = host.contains(":")
        fd = socket(isV6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket", errno) }
        var tv = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let rc: Int32
        if isV6 {
            var addr = sockaddr_in6()
            addr.sin6_family = sa_family_t(AF_INET6)
            addr.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &addr.sin6_addr)
            rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &addr.sin_addr)
            rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard rc == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .system("connect", code)
        }
    }

    deinit { close() }

    public func close() {
        guard !isClosed else { return }
        isClosed = true
        Glibc.close(fd)
    }

    /// Closes at once with a reset (SO_LINGER 0): a client that vanishes.
    public func reset() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close()
    }

    /// Performs a TLS handshake on the connected socket; later sends and reads go through it.
    public func startTLS(_ options: TLSClientOptions) throws(RawHTTPClientError) {
        tls = try TLSClientSession(fd: fd, options: options)
    }

    /// The negotiated TLS version ("TLSv1.3"), ALPN protocol, and whether the session was resumed.
    public var tlsVersion: String? { tls?.version }
    public var tlsALPN: String? { tls?.alpn }
    public var tlsResumed: Bool { tls?.resumed ?? false }
    public var tlsPeerSubject: String? { tls?.peerSubject }
    /// This connection's session, to resume on another (after a response was read).
    public var tlsSession: TLSClientSavedSession? { tls?.savedSession }
    /// The server ended TLS with close_notify.
    public var tlsReceivedCloseNotify: Bool { tls?.receivedCloseNotify ?? false }

    /// Half-closes: the server sees end of input.
    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    public func send(_ text: String) throws(RawHTTPClientError) { try send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) throws(RawHTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                if let tls { return tls.write(raw.baseAddress! + offset, bytes.count - offset) }
                return Glibc.send(fd, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw .system("send", errno)
            }
            offset += n
        }
    }

    /// Sends `chunkSize` bytes at a time with `delay` between them.
    public func sendSlowly(_ bytes: [UInt8], chunkSize: Int = 1, delay: Duration) throws(RawHTTPClientError) {
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + chunkSize)
            try send(Array(bytes[i..<end]))
            i = end
            if i < bytes.count { Self.sleep(delay) }
        }
    }

    public static func sleep(_ duration: Duration) {
        let (s, atto) = duration.components
        var ts = timespec(tv_sec: Int(s), tv_nsec: Int(atto / 1_000_000_000))
        nanosleep(&ts, nil)
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill() throws(RawHTTPClientError) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { raw in
                if let tls { return tls.read(raw.baseAddress!, raw.count) }
                return recv(fd, raw.baseAddress, raw.count, 0)
            }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return true
            }
            if n == 0 { return false }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { throw .timeout }
            if code == ECONNRESET { return false }
            throw .system("recv", code)
        }
    }

    /// Reads one response. `head` says it answers a HEAD request (no body follows).
    /// Returns nil if the server closed the connection before sending any byte of it.
    public func readResponse(head: Bool = false) throws(RawHTTPClientError) -> RawHTTPResponse? {
        var headEnd: Int?
        while true {
            if let end = Self.find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer) {
                headEnd = end
                break
            }
            if try !fill() {
                if buffer.isEmpty { return nil }
                throw .malformed("connection closed inside a response head")
            }
        }
        guard let headEnd else { return nil }
        let headText = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        buffer.removeSubrange(0..<(headEnd + 4))
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw .malformed("bad status line: \(statusLine)")
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed("bad header line: \(line)") }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...].trimmingSpaces))
        }
        var response = RawHTTPResponse(
            version: String(parts[0]), status: status, reason: parts.count > 2 ? String(parts[2]) : "",
            headers: headers, body: [])
        if head || status < 200 || status == 204 || status == 304 { return response }
        if let te = headers["Transfer-Encoding"], te.lowercased().contains("chunked") {
            response.body = try readChunkedBody()
        } else if let lengthText = headers["Content-Length"] {
            guard let length = Int(lengthText) else { throw .malformed("bad Content-Length \(lengthText)") }
            while buffer.count < length {
                if try !fill() { throw .malformed("connection closed inside a body") }
            }
            response.body = Array(buffer[0..<length])
            buffer.removeSubrange(0..<length)
        } else {
            while try fill() {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    private func readLine() throws(RawHTTPClientError) -> String {
        while true {
            if let end = Self.find([0x0D, 0x0A], in: buffer) {
                let line = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeSubrange(0..<(end + 2))
                return line
            }
            if try !fill() { throw .malformed("connection closed inside a chunked body") }
        }
    }

    private func readChunkedBody() throws(RawHTTPClientError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine()
            let sizeText = line.split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText[...].trimmingSpaces, radix: 16) else { throw .malformed("bad chunk size \(line)") }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            while buffer.count < size + 2 {
                if try !fill() { throw .malformed("connection closed inside a chunk") }
            }
            body.append(contentsOf: buffer[0..<size])
            buffer.removeSubrange(0..<(size + 2))
        }
    }

    /// True if the server closed the connection (end of stream or reset) with no further
    /// bytes; false if bytes arrive. Throws `.timeout` if neither happens in the read timeout.
    public func isClosedByServer() throws(RawHTTPClientError) -> Bool {
        if !buffer.isEmpty { return false }
        return try !fill()
    }

    /// Everything until the server closes.
    public func readUntilClose() throws(RawHTTPClientError) -> [UInt8] {
        while try fill() {}
        defer { buffer = [] }
        return buffer
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        outer: for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            for j in 1..<needle.count where haystack[i + j] != needle[j] { continue outer }
            return i
        }
        return nil
    }
}

/// A response as read by `RawHTTPClient`.
public struct RawHTTPResponse: Sendable {
    public var version: String
    public var status: Int
    public var reason: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
    /// True when the server said it will close (`Connection: close`).
    public var closes: Bool { headers["Connection"]?.lowercased() == "close" }
}

public enum RawHTTPClientError: Error, Sendable, Equatable {
    case system(String, Int32)
    case timeout
    case malformed(String)
    /// The TLS handshake failed (OpenSSL's reasons).
    case tls(String)
}
