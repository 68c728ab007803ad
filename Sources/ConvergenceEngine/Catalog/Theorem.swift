/// A theorem the source states for a technology, with the premise it rests on and the typical
/// ranges of its inputs (the MoE efficiency theorem: `Cost(MoE) = k/E · Cost(Dense)` keeps
/// Dense's performance only if the experts are chosen correctly, with E typically 8–128 and
/// k 1–2). The moe-cost calculator quotes it.
public struct Theorem: Sendable, Equatable, Hashable {
    /// A typical range of one calculator input, inclusive.
    public struct TypicalRange: Sendable, Equatable, Hashable {
        /// The calculator input it bounds (`experts`, `active`).
        public var input: String
        public var min: Double
        public var max: Double
        /// The document's wording (`通常E = 8-128`).
        public var sourceText: String?

        public func contains(_ x: Double) -> Bool { x >= min && x <= max }
    }

    public var title: String
    public var sourceTitle: String?
    public var statement: String
    public var premise: String
    public var sourcePremise: String?
    public var typical: [TypicalRange]
    public var source: Provenance?
}
