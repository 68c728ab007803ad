internal import Glibc
internal import CHTTPServerShims

/// Work other threads hand one event loop (an accepted socket, an offloaded answer, a shutdown
/// step), and the eventfd in the loop's epoll set that wakes it for them. The eventfd is
/// written once per batch of jobs, not per job. The queue is a `PthreadLocked`, so
/// ThreadSanitizer checks the hand-offs.
final class LoopMailbox: Sendable {
    typealias Job = @Sendable () -> Void

    private struct Queue: Sendable {
        var jobs: [Job] = []
        /// The eventfd was written and the loop has not taken the jobs since.
        var wakePending = false
        var closed = false

        mutating func takeJobs() -> [Job] {
            var taken: [Job] = []
            swap(&taken, &jobs)
            return taken
        }
    }

    let fd: Int32
    private let queue = PthreadLocked(Queue())

    init() throws(HTTPServerError) {
        fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else { throw .system(call: "eventfd", errno: errno) }
    }

    deinit {
        if !queue.withLock({ $0.closed }) { Glibc.close(fd) }
    }

    /// Queues `job`; false once the mailbox is closed (the job is dropped).
    func post(_ job: @escaping Job) -> Bool {
        queue.withLock { q in
            guard !q.closed else { return false }
            q.jobs.append(job)
            if !q.wakePending {
                // Written under the lock, so `close` cannot close the eventfd in between.
                q.wakePending = true
                var one: UInt64 = 1
                _ = Glibc.write(fd, &one, 8)
            }
            return true
        }
    }

    /// The jobs queued so far (the loop's thread, when the eventfd is readable).
    func take() -> [Job] {
        var count: UInt64 = 0
        _ = Glibc.read(fd, &count, 8)
        return queue.withLock { q in
            q.wakePending = false
            return q.takeJobs()
        }
    }

    /// Refuses every later job, closes the eventfd and returns the jobs still queued.
    func close() -> [Job] {
        queue.withLock { q in
            guard !q.closed else { return [] }
            q.closed = true
            Glibc.close(fd)
            return q.takeJobs()
        }
    }
}
