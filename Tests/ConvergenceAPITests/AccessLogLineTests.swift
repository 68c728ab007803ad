@testable import ConvergenceAPI
import ConvergenceEngine
import Foundation
import HTTPServer
import JSON
import Logging
import Testing

/// The access-log line (docs/operations.md, "Signals and logs"): fields are copied while they
/// are checked; one that turns out to need escaping or quoting is written escaped as a whole.
@Suite struct AccessLogLineTests {
    static func fields(path: String = "/levels", client: String = "198.51.100.7") -> AccessLogFormatter.Fields {
        .init(method: "GET", path: path, status: 200, bytes: 12, durationNanoseconds: 1_500,
              requestID: "0a1b2c3d", client: client, route: "/levels")
    }

    @Test func jsonEscapeFoundAfterPlainBytes() throws {
        let line = AccessLogFormatter(format: .json).line(Self.fields(path: "/abc\tdef\"g"))
        #expect(line.contains(#","path":"/abc\tdef\"g","status":200,"#))
        let value = try JSONParser.parse(Array(line.utf8))
        #expect(value["path"] == .string("/abc\tdef\"g"))
        #expect(value["requestId"] == .string("0a1b2c3d"))
    }

    /// Values are scanned eight bytes at a time before they are copied: at lengths on and
    /// around a word's, every byte JSON escapes is escaped wherever it is, everything else
    /// (UTF-8 too) is kept, and the line parses back to the same values.
    @Test(arguments: [1, 7, 8, 9, 15, 16, 17, 40])
    func everyValueLengthIsEscapedAsJSON(length: Int) throws {
        for special in ["\"", "\\", "\u{0}", "\u{1F}", "\n", "é", "\u{7F}", "a"] {
            for at in [0, length / 2, length - 1] {
                var characters = Array(repeating: Character("x"), count: length)
                characters[at] = Character(special)
                let value = String(characters)
                let line = AccessLogFormatter(format: .json).line(Self.fields(path: value, client: value))
                let parsed = try JSONParser.parse(Array(line.utf8))
                #expect(parsed["path"] == .string(value), "\(length) bytes, \(special.debugDescription) at \(at)")
                #expect(parsed["client"] == .string(value))
                #expect(parsed["route"] == .string("/levels"))
            }
        }
    }

    @Test func textValueQuotedWhenASpecialByteComesLate() {
        let line = AccessLogFormatter(format: .text).line(Self.fields(client: "abc=d"))
        #expect(line.hasSuffix(#" INFO access: GET /levels status=200 bytes=12 durationMs=0.001 requestId=0a1b2c3d client="abc=d" route=/levels"#))
    }

    @Test func plainFieldsAreCopiedAsTheyAre() {
        let line = AccessLogFormatter(format: .json).line(Self.fields())
        #expect(line.hasSuffix(#"","level":"info","logger":"access","message":"request","method":"GET","path":"/levels","status":200,"bytes":12,"durationMs":0.001,"requestId":"0a1b2c3d","client":"198.51.100.7","route":"/levels"}"#))
    }

    /// RFC 3339 date and time up to the seconds' dot, zero-padded.
    @Test func secondPrefix() {
        func text(_ second: Int) -> String {
            var prefix = AccessLogFormatter.prefix(ofSecond: second)
            return withUnsafeBytes(of: &prefix.bytes) { String(decoding: $0.prefix(AccessLogFormatter.SecondPrefix.count), as: UTF8.self) }
        }
        #expect(text(1_764_476_878) == "2025-11-30T04:27:58.")
        #expect(text(0) == "1970-01-01T00:00:00.")
    }

    /// Through the service's own handler the line goes straight into the sink: the same bytes
    /// as `line`, one line each; nothing below the logger's level.
    @Test func loggedLinesReachTheSinkAsFormatted() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let sink = LogSink(fd: fds[1], intervalMilliseconds: 10)
        let formatter = AccessLogFormatter(format: .text)
        let access = Logger(label: "access") { LineLogHandler(label: $0, format: .text, level: .info, sink: sink) }
        let quiet = Logger(label: "access") { LineLogHandler(label: $0, format: .text, level: .warning, sink: sink) }
        formatter.log(Self.fields(path: "/one"), to: access)
        formatter.log(Self.fields(path: "/not-logged"), to: quiet)
        formatter.log(Self.fields(path: "/two words"), to: access)
        #expect(sink.flush())
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(fds[0], &buffer, buffer.count)
        let lines = String(decoding: buffer[0..<max(n, 0)], as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        // Timestamps differ between calls; everything after them is the line `line` makes.
        let suffix = { (line: String) in String(line.drop { $0 != " " }) }
        #expect(lines.map(suffix) == [formatter.line(Self.fields(path: "/one")), formatter.line(Self.fields(path: "/two words"))].map(suffix))
        #expect(lines.last?.contains(#" GET "/two words" status=200 "#) == true)
    }

    /// The observer writes access lines straight into the sink only when the access logger
    /// logs at info; above it every request goes through the logger, which drops the line.
    @Test func serviceWritesAccessLinesDirectlyOnlyAtInfo() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let sink = LogSink(fd: fds[1], intervalMilliseconds: 10)
        var settings = ServiceSettings()
        settings.accessLog = true
        settings.logFormat = .text
        let engine = try Engine.embedded()
        let atInfo = try ServiceState(settings: settings, engine: engine, version: 1, logSink: sink)
        #expect(atInfo.accessSink === sink)
        settings.logLevel = "warning"
        let quiet = try ServiceState(settings: settings, engine: engine, version: 1, logSink: sink)
        #expect(quiet.accessSink == nil && quiet.accessLogger != nil)
        let service = try ConvergenceService(settings: settings, engine: engine, logSink: sink)
        let observer = ServiceObserver(service: service)
        observer.responseWritten(HTTPExchange(
            request: HTTPRequest(method: .get, target: "/quiet", path: "/quiet"), status: .ok, responseHeaders: HTTPHeaders(),
            bodyBytes: 0, durationNanoseconds: 1, remoteAddress: "192.0.2.1", route: "/levels"))
        service.install(atInfo)
        observer.responseWritten(HTTPExchange(
            request: HTTPRequest(method: .get, target: "/loud", path: "/loud"), status: .ok, responseHeaders: HTTPHeaders(),
            bodyBytes: 0, durationNanoseconds: 1, remoteAddress: "192.0.2.1", route: "/levels"))
        #expect(sink.flush())
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(fds[0], &buffer, buffer.count)
        let text = String(decoding: buffer[0..<max(n, 0)], as: UTF8.self)
        #expect(text.contains(" GET /loud status=200 ") && !text.contains("/quiet"), "\(text)")
    }
}
