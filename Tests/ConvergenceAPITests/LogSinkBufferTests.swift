@testable import ConvergenceAPI
import Dispatch
import Foundation
import Testing

/// The sink reuses the buffer its writer emptied (docs/operations.md, "Signals and logs": lines
/// are buffered and written every 100 ms or at 64 KiB): over many writes every line arrives
/// once, whole, in order.
@Suite struct LogSinkBufferTests {
    @Test func everyLineOnceAndInOrderAcrossManyWrites() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let sink = LogSink(fd: fds[1], intervalMilliseconds: 5)
        let count = 20_000   // 100 bytes each: about 30 writes of 64 KiB
        let reader = DispatchQueue(label: "reader")
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var received: [UInt8] = []
        let readFD = fds[0]
        reader.async {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = read(readFD, &chunk, chunk.count)
                if n <= 0 { break }
                received += chunk[0..<n]
            }
            done.signal()
        }
        let padding = String(repeating: "x", count: 89)
        for i in 0..<count {
            sink.append(String(i).leftPadded(to: 10) + padding)
            if i % 1_000 == 0 { usleep(2_000) }   // let the writer run between bursts
        }
        #expect(sink.flush(timeout: .seconds(5)))
        close(fds[1])
        #expect(done.wait(timeout: .now() + 10) == .success)
        let lines = String(decoding: received, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == count + 1)   // the last line's newline leaves one empty piece
        #expect(sink.droppedLines == 0)
        for (i, line) in lines.dropLast().enumerated() where line != String(i).leftPadded(to: 10) + padding {
            Issue.record("line \(i) is \(line.prefix(20))…")
            break
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
