@testable import ConvergenceAPI
import Dispatch
import Foundation
import Testing

/// The log can never stop the service: a reader that stops reading costs log lines (dropped,
/// counted, reported once it reads again), never time on the caller; one that is gone costs
/// lines only (docs/operations-hostile.md).
@Suite struct LogSinkTests {
    /// Appends `count` 100-byte lines on another thread; false if that did not finish in 5 s.
    static func appendInTime(_ sink: LogSink, count: Int) -> Bool {
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let line = String(repeating: "x", count: 99)
            for _ in 0..<count { sink.append(line) }
            done.signal()
        }
        return done.wait(timeout: .now() + 5) == .success
    }

    @Test func aReaderThatStopsReadingCostsLinesNotTime() throws {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let sink = LogSink(fd: fds[1], intervalMilliseconds: 10, capacity: 64 * 1024)
        // 1 MB of lines into a 64 KiB pipe nobody reads and a 64 KiB buffer.
        #expect(Self.appendInTime(sink, count: 10_000))
        let dropped = sink.droppedLines
        #expect(dropped > 0)
        let metrics = ServiceMetrics()
        metrics.followLogDrops(of: sink)
        #expect(String(decoding: metrics.render(), as: UTF8.self).contains("convergence_log_lines_dropped_total \(dropped)"))
        // The reader comes back: the lines kept arrive, and the notices of the loss account for
        // every dropped line. Usually one notice; more when the writer found room in the pipe
        // while lines were still being appended (each episode of drops gets its own notice).
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let end = Date().addingTimeInterval(5)
        while Date() < end && Self.reportedDrops(in: text).reduce(0, +) < dropped {
            let n = read(fds[0], &buffer, buffer.count)
            if n > 0 { text += String(decoding: buffer[0..<n], as: UTF8.self) } else { usleep(10_000) }
        }
        let notices = Self.reportedDrops(in: text)
        #expect(!notices.isEmpty)
        #expect(notices.reduce(0, +) == dropped, "notices \(notices), dropped \(dropped)")
    }

    /// The counts of every "log: N lines dropped" notice in `text`, in order.
    static func reportedDrops(in text: String) -> [Int] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("log: "), line.contains(" lines dropped") else { return nil }
            return Int(line.dropFirst(5).prefix { $0.isNumber })
        }
    }

    @Test func aReaderThatIsGoneCostsLinesOnly() throws {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        let sink = LogSink(fd: fds[1], intervalMilliseconds: 10)
        #expect(Self.appendInTime(sink, count: 1_000))
        #expect(sink.flush())
        #expect(sink.droppedLines == 1_000)
        sink.append("one more")
        #expect(sink.droppedLines == 1_001)
    }
}
