// The seed's cost models (domain §6), from plain numbers or from a decoded `CalculatorInput`.
extension Engine {
    public func moeCost(experts: Double, active: Double) throws(ValidationError) -> MoECost {
        try MoECost.compute(experts: experts, active: active)
    }

    public func moeCost(totalParams: Double, activeParams: Double) throws(ValidationError) -> MoECost {
        try MoECost.compute(totalParams: totalParams, activeParams: activeParams)
    }

    public func loadImbalance(loads: [Double]) throws(ValidationError) -> LoadImbalance {
        try LoadImbalance.compute(loads: loads)
    }

    public func contextCost(contextTokens: Double, retrievedTokens: Double, width: Double)
        throws(ValidationError) -> ContextCost
    {
        try ContextCost.compute(contextTokens: contextTokens, retrievedTokens: retrievedTokens, width: width)
    }

    /// `POST /calculators/moe-cost`: `{"experts":8,"active":2}` or `{"totalParams":…,"activeParams":…}`.
    public func moeCost(_ input: CalculatorInput) throws(ValidationError) -> MoECost {
        let byCount = input.fields["experts"] != nil || input.fields["active"] != nil
        let byParams = input.fields["totalParams"] != nil || input.fields["activeParams"] != nil
        var problems: [ValidationError.Problem] = []
        if byCount && byParams {
            throw ValidationError(pointer: "", detail: "give experts and active, or totalParams and activeParams, not both")
        }
        if byParams {
            let total = input.number("totalParams", &problems)
            let active = input.number("activeParams", &problems)
            guard problems.isEmpty, let total, let active else { throw ValidationError(problems: problems) }
            return try MoECost.compute(totalParams: total, activeParams: active)
        }
        if !byCount {
            throw ValidationError(pointer: "", detail: "give experts and active, or totalParams and activeParams",
                                  code: .missing)
        }
        let experts = input.number("experts", &problems)
        let active = input.number("active", &problems)
        guard problems.isEmpty, let experts, let active else { throw ValidationError(problems: problems) }
        return try MoECost.compute(experts: experts, active: active)
    }

    /// `POST /calculators/load-imbalance`: `{"loads":[…]}` (a single number counts as one load).
    public func loadImbalance(_ input: CalculatorInput) throws(ValidationError) -> LoadImbalance {
        switch input.fields["loads"] {
        case .number(let x)?:
            return try LoadImbalance.compute(loads: [x])
        case .array(let items)?:
            let bad = items.indices.filter { items[$0] == nil }
            guard bad.isEmpty else {
                throw ValidationError(problems: bad.map { .init(pointer: Pointer.join("/loads", $0), detail: "must be a number") })
            }
            return try LoadImbalance.compute(loads: items.compactMap { $0 })
        case .invalid?:
            throw ValidationError(pointer: "/loads", detail: "must be an array of numbers")
        case nil:
            throw ValidationError(pointer: "/loads", detail: "is required", code: .missing)
        }
    }

    /// `POST /calculators/context-cost`: `{"contextTokens":131072,"retrievedTokens":4096,"width":4096}`.
    public func contextCost(_ input: CalculatorInput) throws(ValidationError) -> ContextCost {
        var problems: [ValidationError.Problem] = []
        let n = input.number("contextTokens", &problems)
        let r = input.number("retrievedTokens", &problems)
        let d = input.number("width", &problems)
        guard problems.isEmpty, let n, let r, let d else { throw ValidationError(problems: problems) }
        return try ContextCost.compute(contextTokens: n, retrievedTokens: r, width: d)
    }
}
