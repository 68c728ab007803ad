internal import Glibc
internal import CHTTPServerShims

/// Work other threads hand one event loop (an accepted socket, an offloaded answer, a shutdown
/// step), and the eventfd in the loop's epoll set that wakes it for them. The eventfd is
/// written once per batch of jobs, not per job. A pthread mutex rather than Synchronization's
/// `Mutex`: it is taken per hand-off, not per request, and ThreadSanitizer understands it, so
/// the hand-offs between threads are what it checks.
final class LoopMailbox: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    let fd: Int32
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var jobs: [Job] = []
    /// The eventfd was written and the loop has not taken the jobs since.
    private var wakePending = false
    private var closed = false

    init() throws(HTTPServerError) {
        fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else { throw .system(call: "eventfd", errno: errno) }
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        if !closed { Glibc.close(fd) }
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// Queues `job`; false once the mailbox is closed (the job is dropped).
    func post(_ job: @escaping Job) -> Bool {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard !closed else { return false }
        jobs.append(job)
        if !wakePending {
            // Written under the lock, so `close` cannot close the eventfd in between.
            wakePending = true
            var one: UInt64 = 1
            _ = Glibc.write(fd, &one, 8)
        }
        return true
    }

    /// The jobs queued so far (the loop's thread, when the eventfd is readable).
    func take() -> [Job] {
        var count: UInt64 = 0
        _ = Glibc.read(fd, &count, 8)
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        wakePending = false
        return takeJobs()
    }

    /// Refuses every later job, closes the eventfd and returns the jobs still queued.
    func close() -> [Job] {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard !closed else { return [] }
        closed = true
        Glibc.close(fd)
        return takeJobs()
    }

    private func takeJobs() -> [Job] {
        var taken: [Job] = []
        swap(&taken, &jobs)
        return taken
    }
}
