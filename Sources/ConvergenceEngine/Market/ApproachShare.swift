/// A competing approach and its adoption share, the input of a market analysis.
///
///     ApproachShare(name: "MoE", share: 0.6)
public struct ApproachShare: Sendable, Equatable, Hashable {
    public var name: String
    public var share: Double

    public init(name: String, share: Double) {
        self.name = name
        self.share = share
    }
}
