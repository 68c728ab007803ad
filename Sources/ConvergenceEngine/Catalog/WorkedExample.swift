/// A worked example of the source recomputed: the claimed degree, the computed one, and
/// `difference = computed − claimed` (0 when the source's arithmetic is right).
public struct WorkedExample: Sendable, Equatable, Hashable {
    public var technology: String
    public var model: String
    public var claimed: Double
    public var computed: Double
    public var difference: Double
    /// Whether the source's arithmetic is wrong (difference ≠ 0 at 6 decimals).
    public var erroneous: Bool
}
