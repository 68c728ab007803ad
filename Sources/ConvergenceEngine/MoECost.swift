/// Relative compute of a mixture of experts against a dense model (seed §3.2):
/// Cost(MoE) / Cost(Dense) = k / E (or active / total parameters), and the saving 1 − ratio.
public struct MoECost: Sendable, Equatable, Hashable, Encodable {
    public var experts: Int?
    public var active: Int?
    public var totalParams: Double?
    public var activeParams: Double?
    public var ratio: Double
    public var saving: Double

    /// `experts` E (integer ≥ 1) and `active` k (integer, 1 ≤ k ≤ E). Doubles so that a JSON
    /// number like 2.5 is reported as "must be an integer" rather than failing to decode.
    public static func compute(experts: Double, active: Double) throws(ValidationError) -> MoECost {
        var problems: [ValidationError.Problem] = []
        let e = Self.integer(experts, "/experts", minimum: 1, &problems)
        let k = Self.integer(active, "/active", minimum: 1, &problems)
        if let e, let k, k > e {
            problems.append(.init(pointer: "/active", detail: "must be at most experts (\(e)), got \(k)"))
        }
        guard problems.isEmpty, let e, let k else { throw ValidationError(problems: problems) }
        let ratio = Rounding.six(Double(k) / Double(e))
        return MoECost(experts: e, active: k, totalParams: nil, activeParams: nil, ratio: ratio,
                       saving: Rounding.six(1 - Double(k) / Double(e)))
    }

    /// Parameter counts: ratio = active / total, with 0 < active ≤ total.
    public static func compute(totalParams: Double, activeParams: Double) throws(ValidationError) -> MoECost {
        var problems: [ValidationError.Problem] = []
        for (value, pointer) in [(totalParams, "/totalParams"), (activeParams, "/activeParams")] {
            if !value.isFinite {
                problems.append(.init(pointer: pointer, detail: "must be a finite number"))
            } else if value <= 0 {
                problems.append(.init(pointer: pointer, detail: "must be greater than 0, got \(value.formatted)"))
            }
        }
        if problems.isEmpty, activeParams > totalParams {
            problems.append(.init(pointer: "/activeParams",
                                  detail: "must be at most totalParams (\(totalParams.formatted)), got \(activeParams.formatted)"))
        }
        guard problems.isEmpty else { throw ValidationError(problems: problems) }
        let ratio = activeParams / totalParams
        return MoECost(experts: nil, active: nil, totalParams: totalParams, activeParams: activeParams,
                       ratio: Rounding.six(ratio), saving: Rounding.six(1 - ratio))
    }

    static func integer(_ value: Double, _ pointer: String, minimum: Int,
                        _ problems: inout [ValidationError.Problem]) -> Int? {
        guard value.isFinite else {
            problems.append(.init(pointer: pointer, detail: "must be a finite number"))
            return nil
        }
        guard value == value.rounded(), value.magnitude < 1e15 else {
            problems.append(.init(pointer: pointer, detail: "must be an integer, got \(value.formatted)"))
            return nil
        }
        guard value >= Double(minimum) else {
            problems.append(.init(pointer: pointer, detail: "must be at least \(minimum), got \(value.formatted)"))
            return nil
        }
        return Int(value)
    }

    private enum CodingKeys: String, CodingKey { case experts, active, totalParams, activeParams, ratio, saving }
}
