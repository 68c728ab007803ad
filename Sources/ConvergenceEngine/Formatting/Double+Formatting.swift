extension Double {
    /// Shortest text that reads back as the same double (`0.6`, not `0.6000000000000001`),
    /// without the `.0` of whole numbers: for messages and CSV cells.
    var formatted: String {
        // Every whole double below 2^63 fits Int64 exactly (9007199254740992, not 9007199254740992.0).
        if self.isFinite, self == self.rounded(), self.magnitude < 0x1p63 { return String(Int64(self)) }
        return String(self)
    }

    /// As a percentage of at most 6 decimals (`0.45` → `45%`): for messages and generated tables.
    var formattedPercent: String { Rounding.six(self * 100).formatted + "%" }
}
