extension Duration {
    /// Whole nanoseconds (clamped at 0).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        let ns = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        return ns < 0 ? 0 : UInt64(ns)
    }
}
