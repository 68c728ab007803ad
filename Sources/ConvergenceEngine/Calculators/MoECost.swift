/// Relative compute of a mixture of experts against a dense model (docs/model.md#moe-cost):
/// Cost(MoE) / Cost(Dense) = k / E (or active / total parameters), and the saving 1 − ratio.
public struct MoECost: Sendable, Equatable, Hashable {
    public var experts: Int?
    public var active: Int?
    public var totalParams: Double?
    public var activeParams: Double?
    public var ratio: Double
    public var saving: Double
    /// The premise the saving rests on (the experts are chosen correctly), from the theorem.
    public var premise: String?
    /// The MoE efficiency theorem the ratio comes from, with the typical ranges of E and k.
    public var theorem: Theorem?
    /// The inputs outside the theorem's typical ranges (`experts`, `active`).
    public var outsideTypical: [String] = []

    /// The largest expert count accepted. Far above any published mixture (the largest, PEER,
    /// has 2^20 ≈ 1.05 million experts) and far below 2^53, where doubles stop holding every
    /// integer: a JSON number such as 9007199254740993 would otherwise be silently read as
    /// 9007199254740992, and 1e30 would pass as an "integer".
    public static let maximumExperts = 1_000_000_000

    /// `experts` E (integer, 1 ≤ E ≤ `maximumExperts`) and `active` k (integer, 1 ≤ k ≤ E).
    /// Doubles so that a JSON number like 2.5 is reported as "must be an integer" rather than
    /// failing to decode.
    public static func compute(experts: Double, active: Double) throws(ValidationError) -> MoECost {
        var problems: [ValidationError.Problem] = []
        guard let (e, k) = counts(experts: experts, active: active, &problems), problems.isEmpty else {
            throw ValidationError(problems: problems)
        }
        let ratio = Rounding.six(Double(k) / Double(e))
        return MoECost(experts: e, active: k, totalParams: nil, activeParams: nil, ratio: ratio,
                       saving: Rounding.six(1 - Double(k) / Double(e)))
    }

    /// Checks whichever counts are present (nil: absent or of the wrong shape, already reported),
    /// so that one bad field never hides another.
    static func counts(experts: Double?, active: Double?, _ problems: inout [ValidationError.Problem]) -> (Int, Int)? {
        let e = experts.flatMap { integer($0, "/experts", minimum: 1, &problems) }
        let k = active.flatMap { integer($0, "/active", minimum: 1, &problems) }
        if let e, let k, k > e {
            problems.append(.init(pointer: "/active", detail: "must be at most experts (\(e)), got \(k)"))
            return nil
        }
        guard let e, let k else { return nil }
        return (e, k)
    }

    /// Parameter counts: ratio = active / total, with 0 < active ≤ total.
    public static func compute(totalParams: Double, activeParams: Double) throws(ValidationError) -> MoECost {
        var problems: [ValidationError.Problem] = []
        guard let (total, active) = params(total: totalParams, active: activeParams, &problems), problems.isEmpty else {
            throw ValidationError(problems: problems)
        }
        let ratio = active / total
        return MoECost(experts: nil, active: nil, totalParams: total, activeParams: active,
                       ratio: Rounding.six(ratio), saving: Rounding.six(1 - ratio))
    }

    /// Checks whichever parameter counts are present (see `counts`).
    static func params(total: Double?, active: Double?, _ problems: inout [ValidationError.Problem]) -> (Double, Double)? {
        var valid = true
        for (value, pointer) in [(total, "/totalParams"), (active, "/activeParams")] {
            guard let value else { valid = false; continue }
            if let problem = ValidationError.Problem.notPositive(value, at: pointer) {
                valid = false
                problems.append(problem)
            }
        }
        guard valid, let total, let active else { return nil }
        if active > total {
            problems.append(.init(pointer: "/activeParams",
                                  detail: "must be at most totalParams (\(total.formatted)), got \(active.formatted)"))
            return nil
        }
        return (total, active)
    }

    /// An integer in [minimum, maximumExperts]. The bound is checked before integrality: every
    /// double beyond 2^52 is integral, and for those the bound is the true problem.
    static func integer(_ value: Double, _ pointer: String, minimum: Int,
                        _ problems: inout [ValidationError.Problem]) -> Int? {
        guard value.isFinite else {
            problems.append(.init(pointer: pointer, detail: "must be a finite number"))
            return nil
        }
        guard value <= Double(maximumExperts) else {
            problems.append(.init(pointer: pointer, detail: "must be at most \(maximumExperts), got \(value.formatted)"))
            return nil
        }
        guard value == value.rounded() else {
            problems.append(.init(pointer: pointer, detail: "must be an integer, got \(value.formatted)"))
            return nil
        }
        guard value >= Double(minimum) else {
            problems.append(.init(pointer: pointer, detail: "must be at least \(minimum), got \(value.formatted)"))
            return nil
        }
        return Int(value)
    }

    /// The cost with the theorem it rests on: its premise, and which inputs lie outside its
    /// typical ranges (parameter counts have none).
    public func quoting(_ theorem: Theorem?) -> MoECost {
        var out = self
        out.theorem = theorem
        out.premise = theorem?.premise
        out.outsideTypical = (theorem?.typical ?? []).compactMap { range in
            let value = range.input == "experts" ? experts : range.input == "active" ? active : nil
            guard let value, !range.contains(Double(value)) else { return nil }
            return range.input
        }
        return out
    }
}
