/// The market structure of a set of shares (domain §4, first matching rule).
public enum MarketStructure: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case singleStandard = "single-standard"
    case monopoly
    case duopoly
    case fragmented
    case dominant
}
