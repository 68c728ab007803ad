/// A place where a stated level and the thresholds disagree (docs/model.md#level-disagreements).
public struct LevelDisagreement: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, Equatable, Hashable {
        /// A technology's computed degree falls outside the level the source assigns it.
        case computedDegree = "computed-degree"
        /// A technology's claimed degree falls outside the level the source assigns it.
        case claimedDegree = "claimed-degree"
        /// A level's nominal degree fails the level's own interval.
        case nominalDegree = "nominal-degree"
    }

    public var kind: Kind
    /// A technology id or a level id.
    public var subject: String
    public var value: Double
    public var statedLevel: String
    /// The level the thresholds give for `value`.
    public var thresholdLevel: String
    public var detail: String
}
