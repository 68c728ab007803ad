/// What `Engine.compare(_:)` returns: encodes as the market analysis or the item comparison.
public enum CompareResult: Sendable, Equatable, Encodable {
    case market(MarketAnalysis)
    case items(ItemComparison)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .market(let m): try m.encode(to: encoder)
        case .items(let c): try c.encode(to: encoder)
        }
    }
}
