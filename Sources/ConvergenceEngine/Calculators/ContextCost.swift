/// An asymptotic cost model of long context against RAG: attention over N tokens costs ∝ N²·d
/// (the source document's Cost = O(N² × d)); RAG ∝ N·d for retrieval plus R²·d for attending
/// over R retrieved tokens. The source gives RAG only as O(N): the width factor and the R²·d
/// term are this service's reading (config/README.md). Proportional figures, not a measured
/// cost (`model` says so).
public struct ContextCost: Sendable, Equatable, Hashable {
    public var contextTokens: Double
    public var retrievedTokens: Double
    public var width: Double
    /// N²·d.
    public var longContext: Double
    /// N·d + R²·d.
    public var rag: Double
    /// longContext / rag, 6 decimals.
    public var ratio: Double
    public var model: String

    public static let modelDescription = "asymptotic, not a measured cost: long context ∝ N²·d (the source: Cost = O(N² × d)); RAG ∝ N·d + R²·d, where the source says only O(N): the ·d factor and the R²·d term for attending over the R retrieved tokens are this service's reading"

    /// Whole numbers: N ≥ 1, d ≥ 1 and 0 ≤ R ≤ N (R = 0: retrieval alone); the costs must stay finite.
    public static func compute(contextTokens n: Double, retrievedTokens r: Double, width d: Double)
        throws(ValidationError) -> ContextCost
    {
        var problems: [ValidationError.Problem] = []
        guard let (n, r, d) = check(contextTokens: n, retrievedTokens: r, width: d, &problems), problems.isEmpty else {
            throw ValidationError(problems: problems)
        }
        let longContext = n * n * d
        let rag = n * d + r * r * d
        guard longContext.isFinite, rag.isFinite else {
            throw ValidationError(pointer: "/contextTokens", detail: "is too large: the cost overflows")
        }
        return ContextCost(contextTokens: n, retrievedTokens: r, width: d, longContext: longContext, rag: rag,
                           ratio: Rounding.six(longContext / rag), model: modelDescription)
    }

    /// Checks whichever inputs are present (nil: absent or of the wrong shape, already
    /// reported), so that one bad field never hides another.
    static func check(contextTokens n: Double?, retrievedTokens r: Double?, width d: Double?,
                      _ problems: inout [ValidationError.Problem]) -> (Double, Double, Double)? {
        func whole(_ value: Double?, atLeast minimum: Double, _ pointer: String) -> Double? {
            guard let value else { return nil }
            if let problem = ValidationError.Problem.notWhole(value, atLeast: minimum, at: pointer) {
                problems.append(problem)
                return nil
            }
            return value
        }
        let n = whole(n, atLeast: 1, "/contextTokens")
        let r = whole(r, atLeast: 0, "/retrievedTokens")
        let d = whole(d, atLeast: 1, "/width")
        if let n, let r, r > n {
            problems.append(.init(pointer: "/retrievedTokens",
                                  detail: "must be at most contextTokens (\(n.formatted)), got \(r.formatted)"))
            return nil
        }
        guard let n, let r, let d else { return nil }
        return (n, r, d)
    }
}
