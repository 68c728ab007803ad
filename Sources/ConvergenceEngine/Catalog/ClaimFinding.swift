/// Where a claim of the source about shares cannot hold (an erratum): the claim itself
/// (`share-claim`: n schemes each holding at least `min` need n·min ≤ 1), or a technology of
/// the level whose share falls outside it (`share-outside-claim`).
public struct ClaimFinding: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, Equatable, Hashable {
        case shareClaim = "share-claim"
        case shareOutsideClaim = "share-outside-claim"
    }

    public var kind: Kind
    /// The level (for the claim) or technology id (for a share outside it).
    public var subject: String
    /// The table whose row makes the claim.
    public var table: String
    /// The share outside the claim, or the least total the claim implies (n·min).
    public var value: Double
    public var min: Double
    public var max: Double
    public var detail: String
}
