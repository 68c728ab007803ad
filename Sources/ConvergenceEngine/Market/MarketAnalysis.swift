import JSON

/// Concentration of a market of approaches (docs/model.md#market-structure): leader, gap between the first two,
/// CR2, HHI = Σ (100·share)², structure and verdict. All figures rounded to 6 decimals.
public struct MarketAnalysis: Sendable, Equatable, Hashable {
    /// The approach with the largest share, or nil (null) when the two largest shares are equal
    /// at 6 decimals: a tie has no leader (`leaderShare` is still the largest share, `gap` 0).
    public var leader: String?
    public var leaderShare: Double
    /// Leader's share minus the second's (the whole leader share when there is one approach).
    public var gap: Double
    public var cr2: Double
    public var hhi: Double
    public var structure: MarketStructure
    public var verdict: Verdict
    /// The leader when decided, else nil (encoded as null).
    public var winner: String?
    /// 1 − Σ shares: the part held by approaches not listed.
    public var other: Double

    public init(leader: String?, leaderShare: Double, gap: Double, cr2: Double, hhi: Double,
                structure: MarketStructure, verdict: Verdict, winner: String?, other: Double) {
        self.leader = leader
        self.leaderShare = leaderShare
        self.gap = gap
        self.cr2 = cr2
        self.hhi = hhi
        self.structure = structure
        self.verdict = verdict
        self.winner = winner
        self.other = other
    }

    /// Analyses shares. Errors (pointers relative to `base`, e.g. `/approaches/1/share`): no
    /// approach, a share not finite or outside [0, 1], an empty name, or a sum above 1 (+1e-9).
    public static func analyze(_ approaches: [ApproachShare], base: String = "/approaches")
        throws(ValidationError) -> MarketAnalysis
    {
        let sum = try check(approaches, base: base)
        // Stable: among equal shares the first listed leads.
        let ranked = approaches.enumerated().sorted {
            $0.element.share != $1.element.share ? $0.element.share > $1.element.share : $0.offset < $1.offset
        }.map(\.element)
        let first = ranked[0]
        let second = ranked.count > 1 ? ranked[1].share : 0
        let leaderShare = Rounding.six(first.share)
        let secondShare = Rounding.six(second)
        let cr2 = Rounding.six(first.share + second)
        let hhi = Rounding.six(approaches.reduce(0) { $0 + ($1.share * 100) * ($1.share * 100) })
        let decided = leaderShare >= 0.70
        let tied = ranked.count > 1 && leaderShare == secondShare
        return MarketAnalysis(
            leader: tied ? nil : first.name, leaderShare: leaderShare, gap: Rounding.six(first.share - second), cr2: cr2,
            hhi: hhi, structure: structure(leaderShare: leaderShare, secondShare: secondShare, cr2: cr2),
            verdict: decided ? .decided : .undecided, winner: decided ? first.name : nil,
            other: max(0, Rounding.six(1 - sum)))
    }

    /// The shares' problems, or their sum when there are none.
    static func check(_ approaches: [ApproachShare], base: String) throws(ValidationError) -> Double {
        var problems: [ValidationError.Problem] = []
        if approaches.isEmpty {
            problems.append(.init(pointer: base, detail: "must list at least one approach", code: .missing))
        }
        var sum = 0.0
        var valid = true
        for (i, approach) in approaches.enumerated() {
            let item = JSONPointer.join(base, i)
            if approach.name.isEmpty {
                problems.append(.init(pointer: JSONPointer.join(item, "name"), detail: "must not be empty"))
            }
            let share = approach.share
            if !share.isFinite {
                valid = false
                problems.append(.init(pointer: JSONPointer.join(item, "share"), detail: "must be a finite number"))
            } else if share < 0 || share > 1 {
                valid = false
                problems.append(.init(pointer: JSONPointer.join(item, "share"),
                                      detail: "must be between 0 and 1, got \(share.formatted)"))
            } else {
                sum += share
            }
        }
        if valid, sum > 1 + 1e-9 {
            problems.append(.init(pointer: base, detail: "shares must sum to at most 1, got \(Rounding.six(sum).formatted)"))
        }
        guard problems.isEmpty else { throw ValidationError(problems: problems) }
        return sum
    }

    /// The market structure of rounded figures (docs/model.md#market-structure): rules compare
    /// the rounded figures so that 0.6 + 0.2 counts as 0.8.
    static func structure(leaderShare: Double, secondShare: Double, cr2: Double) -> MarketStructure {
        if leaderShare >= 0.95 { return .singleStandard }
        if leaderShare >= 0.90 { return .monopoly }
        if cr2 >= 0.80, secondShare >= 0.20 { return .duopoly }
        if leaderShare < 0.50 { return .fragmented }
        return .dominant
    }
}
