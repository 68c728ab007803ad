extension Double {
    /// Shortest text that reads back as the same double (`0.6`, not `0.6000000000000001`),
    /// without the `.0` of whole numbers: for messages and CSV cells.
    var formatted: String {
        if self.isFinite, self == self.rounded(), self.magnitude < 1e15 { return String(Int64(self)) }
        return String(self)
    }
}
