#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConvergenceAPI
import HTTPServer

/// The requests the request-path benchmarks send: the bytes wrk sends in scripts/bench.sh.
let benchmarkRequests: [(name: String, route: String, text: String)] = {
    let score = #"{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"model":"extended"}"#
    return [
        ("GET /healthz", "healthz", "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n\r\n"),
        ("GET /tables/moe-vs-dense", "table", "GET /tables/moe-vs-dense HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n\r\n"),
        ("POST /score (extended)", "score", "POST /score HTTP/1.1\r\nHost: 127.0.0.1:18080\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(score.utf8.count)\r\n\r\n" + score),
    ]
}()

/// The real server in this process (one event loop, the service as responder and observer, the
/// access log off, or on into /dev/null with `accessLog`) answering `count` requests over `connections` loopback keep-alive
/// connections: each round sends one request on every connection, then reads every answer, so
/// the loop finds several sockets ready per wake-up, as under load.
///
/// It prints nothing about time. Run under `valgrind --tool=callgrind` twice with different
/// counts (scripts/bench/instructions.sh): the difference divided by the difference in requests
/// is the user-space instructions per request of the whole path (event loop, parser, service,
/// serialiser, observer), a figure that does not move with the machine's load. The client's
/// share (one send and one recv per request) is in it and is the same for every build. (The
/// client is bare sockets, not HTTPTestSupport's `RawHTTPClient`: that one added some 400
/// instructions of its own per request to the figure.)
func runRoundTrips(count: Int, request text: String, accessLog: Bool, connections: Int = 16) -> Int32 {
    var settings = ServiceSettings()
    settings.accessLog = accessLog
    let service: ConvergenceService
    let server: HTTPServer
    do {
        service = try ConvergenceService(
            settings: settings, logSink: accessLog ? LogSink(fd: open("/dev/null", O_WRONLY)) : nil)
        var configuration = HTTPServer.Configuration(host: "127.0.0.1", port: 0, eventLoops: 1)
        service.configure(&configuration)
        server = HTTPServer(configuration: configuration, responder: service, observer: ServiceObserver(service: service))
        try server.start()
    } catch {
        print("cannot start the server: \(error)")
        return 1
    }
    defer { server.shutdown(deadline: .seconds(1)) }
    let request = Array(text.utf8)
    var sockets: [Int32] = []
    for _ in 0..<connections {
        guard let fd = connectLoopback(port: server.port) else {
            print("cannot connect")
            return 1
        }
        sockets.append(fd)
    }
    defer { for fd in sockets { close(fd) } }
    // The first answer gives the length every later one has (same request, same answer size).
    guard let first = exchange(sockets[0], request) else { return 1 }
    var buffer = [UInt8](repeating: 0, count: first + 1)
    var served = 1
    while served < count {
        let batch = min(connections, count - served)
        for fd in sockets.prefix(batch) where !sendAll(fd, request) { return 1 }
        for fd in sockets.prefix(batch) where !receiveExactly(fd, first, into: &buffer) { return 1 }
        served += batch
    }
    print("round trips: \(served) requests, \(first) bytes each")
    return 0
}

private func connectLoopback(port: Int) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else {
        close(fd)
        return nil
    }
    return fd
}

private func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) == $0.count }
}

private func receiveExactly(_ fd: Int32, _ count: Int, into buffer: inout [UInt8]) -> Bool {
    var got = 0
    while got < count {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress.map { $0 + got }, count - got, 0) }
        if n <= 0 { return false }
        got += n
    }
    return true
}

/// Sends one request and reads its whole response (head, then `Content-Length` bytes);
/// returns the response's size.
private func exchange(_ fd: Int32, _ request: [UInt8]) -> Int? {
    guard sendAll(fd, request) else { return nil }
    var response: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    let terminator: [UInt8] = [13, 10, 13, 10]
    let name = Array("\r\ncontent-length:".utf8)
    while true {
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 { return nil }
        response.append(contentsOf: chunk[..<n])
        guard let headEnd = firstIndex(of: terminator, in: response[...]) else { continue }
        let head = response[..<headEnd].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        guard let field = firstIndex(of: name, in: head[...]) else { return nil }
        let digits = head[(field + name.count)...].drop { $0 == 32 }.prefix { $0 >= 48 && $0 <= 57 }
        guard let length = Int(String(decoding: digits, as: UTF8.self)) else { return nil }
        let total = headEnd + terminator.count + length
        if response.count >= total { return total }
    }
}

private func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for i in haystack.startIndex...(haystack.endIndex - needle.count)
    where haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
    return nil
}
