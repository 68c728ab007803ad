import CHTTPServerShims
import Glibc
import HTTPServer
import HTTPTestSupport
import Testing

/// `ulimit -n` pressure: the real check runs in a child process (this test binary, filtered to
/// one test) whose RLIMIT_NOFILE is lowered, so the other tests keep their descriptors.
@Suite struct FileDescriptorPressureTests {
    static let childVariable = "HTTPSERVER_FD_PRESSURE_CHILD"

    @Test func survivesALowFileDescriptorLimit() throws {
        var path = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        try #require(length > 0)
        let exe = String(decoding: path[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let args = [exe, "--testing-library", "swift-testing", "--filter", "lowLimitChildProcess"]
        var env = [String]()
        var p = environ
        while let entry = p.pointee {
            env.append(String(cString: entry))
            p += 1
        }
        env.append("\(Self.childVariable)=1")
        var cArgs = args.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer {
            cArgs.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        // Keep the parent's output readable: the child's report goes to /dev/null.
        posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
        // Only stdio is inherited (the parent has many sockets open from parallel tests).
        chttp_spawn_file_actions_addclosefrom(&fileActions, 3)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        var pid = pid_t()
        let rc = posix_spawn(&pid, exe, &fileActions, nil, &cArgs, &cEnv)
        try #require(rc == 0)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        // Exited normally (no crash) with status 0 (every expectation held).
        #expect(status & 0x7F == 0, "child killed by signal \(status & 0x7F)")
        #expect((status >> 8) & 0xFF == 0, "child test failed")
    }

    static func highestDescriptor() -> Int {
        guard let dir = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(dir) }
        var highest = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            highest = max(highest, Int(name) ?? 0)
        }
        return highest
    }

    /// "fd→target" for every open descriptor (for a report when one leaked).
    static func descriptorList() -> [String] {
        guard let dir = opendir("/proc/self/fd") else { return [] }
        defer { closedir(dir) }
        var result: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            var target = [CChar](repeating: 0, count: 256)
            let n = readlink("/proc/self/fd/\(name)", &target, 255)
            let text = n > 0 ? String(decoding: target[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
            result.append("\(name)→\(text)")
        }
        return result.sorted()
    }

    /// Threads of this process named like an event loop's ("http.loop.N").
    static func loopThreadCount() -> Int {
        guard let dir = opendir("/proc/self/task") else { return -1 }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let task = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let file = fopen("/proc/self/task/\(task)/comm", "r") else { continue }
            var name = [CChar](repeating: 0, count: 32)
            if fgets(&name, 32, file) != nil,
               String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).hasPrefix("http.loop.") {
                count += 1
            }
            fclose(file)
        }
        return count
    }

    static func openDescriptorCount() -> Int {
        guard let dir = opendir("/proc/self/fd") else { return -1 }
        defer { closedir(dir) }
        var count = 0
        while readdir(dir) != nil { count += 1 }
        return count
    }

    @Test func lowLimitChildProcess() throws {
        guard getenv(Self.childVariable) != nil else { return }
        // The parent closed every inherited descriptor above stderr, so this is tight.
        let ceiling: rlim_t = 96
        var limit = rlimit(rlim_cur: ceiling, rlim_max: ceiling)
        try #require(setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0)
        let before = Self.openDescriptorCount()
        let beforeList = Self.descriptorList()
        let server = HTTPServer(configuration: .testing(), responder: EchoResponder())
        try server.start()
        // One thread per event loop, each named for ps, top -H and perf.
        #expect(Self.loopThreadCount() == server.eventLoopCount)
        // Lowered from 16,384 to fit under the limit.
        #expect(server.connectionLimit < Int(ceiling))
        // Each client asks once and then holds its connection, so the server's keep-alive
        // connections and this process's client sockets use up the descriptors together.
        var clients: [RawHTTPClient] = []
        var ok = 0
        var refused = 0
        var timedOut = 0
        var outOfDescriptors = false
        for _ in 0..<120 {
            guard let client = try? RawHTTPClient(port: server.port, timeout: .seconds(5)) else {
                outOfDescriptors = true
                break
            }
            clients.append(client)
            do {
                try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                if response?.status == 200 { ok += 1 } else { refused += 1 }
            } catch RawHTTPClientError.timeout {
                timedOut += 1
            } catch {
                // Refused (503 and close) before our request was written.
                refused += 1
            }
        }
        Self.report("ok=\(ok) refused=\(refused) timedOut=\(timedOut) clients=\(clients.count) limit=\(server.connectionLimit)")
        // Every connection gets an answer (200, or 503/close) instead of hanging.
        #expect(timedOut == 0)
        #expect(ok > 0)
        // Something ran out: the server refused or closed idle connections to make room, or
        // this process could not open more clients.
        #expect(refused > 0 || outOfDescriptors || server.openConnections < clients.count)
        clients.removeAll()
        #expect(eventually { server.openConnections == 0 })
        // Still serving once the pressure is gone.
        let client = try RawHTTPClient(port: server.port)
        try client.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(try client.readResponse()?.status == 200)
        client.close()
        server.shutdown(deadline: .seconds(2))
        // No descriptor leaked, and the loops' threads have ended (the server object is still
        // held here: stopping, not deallocation, releases them).
        let leaked = !eventually { Self.openDescriptorCount() == before }
        if leaked { Self.report("descriptors before: \(beforeList)\nafter: \(Self.descriptorList())") }
        #expect(!leaked)
        #expect(eventually { Self.loopThreadCount() == 0 })
    }
}

extension FileDescriptorPressureTests {
    /// A line on stderr from the child, for whoever runs it by hand.
    static func report(_ line: String) {
        let text = Array("fd-pressure child: \(line)\n".utf8)
        _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
