import Synchronization

/// Whether the service is draining: `/readyz` answers 503 from the moment it is.
public final class Readiness: Sendable {
    private let draining = Atomic<Bool>(false)

    public init() {}

    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// `/readyz` answers 503 from now on, so load balancers stop sending new work.
    public func startDraining() { draining.store(true, ordering: .relaxed) }

    /// Marks the service draining; false if it already was (so a drain starts once).
    public func beginDraining() -> Bool {
        draining.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged
    }
}
