internal import Glibc

/// State behind a pthread mutex, for the places where other threads meet an event loop (its
/// mailbox, the shared listener). Not Synchronization's `Mutex`: ThreadSanitizer does not see
/// that lock order anything (docs/testing.md), while it understands pthread mutexes, so the
/// hand-offs between threads are what it checks. These locks are taken per connection or per
/// hand-off, never per request.
final class PthreadLocked<State: Sendable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var state: State

    init(_ state: State) {
        self.state = state
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
