/// The market structure of a set of shares (docs/model.md#market-structure, first matching rule).
public enum MarketStructure: String, Sendable, Equatable, Hashable, CaseIterable {
    case singleStandard = "single-standard"
    case monopoly
    case duopoly
    case fragmented
    case dominant
}
