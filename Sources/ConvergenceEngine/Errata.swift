/// Where the source is wrong (domain §8), computed from the catalog at load time.
public struct Errata: Sendable, Equatable, Hashable, Encodable {
    /// Every worked example with a claimed degree, erroneous or not, in catalog order.
    public var examples: [WorkedExample]
    /// Every level disagreement.
    public var levels: [LevelDisagreement]

    /// Only the examples whose arithmetic is wrong.
    public var arithmetic: [WorkedExample] { examples.filter(\.erroneous) }
}
