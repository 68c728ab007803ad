@testable import HTTPServer
import Glibc
import Synchronization
import Testing

/// The event loop's mailbox: jobs from many threads all arrive, the eventfd is readable while
/// jobs wait and not after they are taken, and once closed nothing more is taken in.
@Suite struct LoopMailboxTests {
    /// Whether the mailbox's eventfd would wake the loop now.
    static func readable(_ mailbox: LoopMailbox) -> Bool {
        var entry = pollfd(fd: mailbox.fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) == 1
    }

    @Test func wakesOnlyWhileJobsWait() throws {
        let mailbox = try LoopMailbox()
        #expect(!Self.readable(mailbox))
        let ran = RunCount()
        #expect(mailbox.post { ran.value.add(1, ordering: .relaxed) })
        #expect(mailbox.post { ran.value.add(1, ordering: .relaxed) })
        #expect(Self.readable(mailbox))
        let jobs = mailbox.take()
        #expect(jobs.count == 2)
        #expect(!Self.readable(mailbox))
        for job in jobs { job() }
        #expect(ran.value.load(ordering: .relaxed) == 2)
        // Taken again with nothing new: nothing, and still quiet.
        #expect(mailbox.take().isEmpty)
        #expect(!Self.readable(mailbox))
    }

    @Test func jobsFromManyThreadsAllArrive() async throws {
        let mailbox = try LoopMailbox()
        let ran = RunCount()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<500 { _ = mailbox.post { ran.value.add(1, ordering: .relaxed) } }
                }
            }
            // Meanwhile the "loop" takes what is there, as its thread would.
            group.addTask {
                for _ in 0..<200 { for job in mailbox.take() { job() } }
            }
        }
        for job in mailbox.take() { job() }
        #expect(ran.value.load(ordering: .relaxed) == 8 * 500)
    }

    @Test func closingReturnsWhatWaitsAndRefusesTheRest() throws {
        let mailbox = try LoopMailbox()
        #expect(mailbox.post {})
        #expect(mailbox.close().count == 1)
        #expect(!mailbox.post {})
        #expect(mailbox.close().isEmpty)
    }
}

/// Jobs run, counted from any thread.
final class RunCount: Sendable {
    let value = Atomic<Int>(0)
}
