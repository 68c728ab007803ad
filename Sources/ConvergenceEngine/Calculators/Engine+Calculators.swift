import JSON

// The source's cost models (docs/model.md#calculators), from plain numbers or from the `CalculatorInput` the API reads.
extension Engine {
    public func moeCost(experts: Double, active: Double) throws(ValidationError) -> MoECost {
        try MoECost.compute(experts: experts, active: active).quoting(moeTheorem)
    }

    public func moeCost(totalParams: Double, activeParams: Double) throws(ValidationError) -> MoECost {
        try MoECost.compute(totalParams: totalParams, activeParams: activeParams).quoting(moeTheorem)
    }

    /// The catalog's theorem with a typical range for `experts`: the one the moe-cost ratio
    /// k / E comes from (nil when the catalog states none).
    var moeTheorem: Theorem? {
        technologies.lazy.compactMap(\.theorem).first { $0.typical.contains { $0.input == "experts" } }
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
    /// Every bad field is reported, shape and range problems together.
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
            let checked = MoECost.params(total: total, active: active, &problems)
            if let failure = input.failure(problems) { throw failure }
            guard let (t, a) = checked else { throw ValidationError(problems: problems) }
            return try moeCost(totalParams: t, activeParams: a)
        }
        if !byCount {
            if let failure = input.failure([]) { throw failure }
            throw ValidationError(pointer: "", detail: "give experts and active, or totalParams and activeParams",
                                  code: .missing)
        }
        let experts = input.number("experts", &problems)
        let active = input.number("active", &problems)
        let checked = MoECost.counts(experts: experts, active: active, &problems)
        if let failure = input.failure(problems) { throw failure }
        guard let (e, k) = checked else { throw ValidationError(problems: problems) }
        return try moeCost(experts: Double(e), active: Double(k))
    }

    /// `POST /calculators/load-imbalance`: `{"loads":[…]}` (a single number counts as one load).
    /// Every bad element is reported, non-numbers and out-of-range numbers together.
    public func loadImbalance(_ input: CalculatorInput) throws(ValidationError) -> LoadImbalance {
        var problems: [ValidationError.Problem] = []
        var loads: [Double] = []
        switch input.fields["loads"] {
        case .number(let x)?:
            loads = [x]
            LoadImbalance.check([x], &problems)
        case .array(let items)?:
            problems = items.indices.filter { items[$0] == nil }.map {
                .init(pointer: JSONPointer.join("/loads", $0), detail: "must be a number")
            }
            LoadImbalance.check(items, &problems)
            problems.sort { $0.pointer.loadIndex < $1.pointer.loadIndex }
            loads = items.compactMap { $0 }
        case .invalid?:
            problems = [.init(pointer: "/loads", detail: "must be an array of numbers")]
        case nil:
            problems = [.init(pointer: "/loads", detail: "is required", code: .missing)]
        }
        if let failure = input.failure(problems) { throw failure }
        return try LoadImbalance.compute(loads: loads)
    }

    /// `POST /calculators/context-cost`: `{"contextTokens":131072,"retrievedTokens":4096,"width":4096}`.
    /// Every bad field is reported, shape and range problems together.
    public func contextCost(_ input: CalculatorInput) throws(ValidationError) -> ContextCost {
        var problems: [ValidationError.Problem] = []
        let n = input.number("contextTokens", &problems)
        let r = input.number("retrievedTokens", &problems)
        let d = input.number("width", &problems)
        let checked = ContextCost.check(contextTokens: n, retrievedTokens: r, width: d, &problems)
        if let failure = input.failure(problems) { throw failure }
        guard let (n, r, d) = checked else { throw ValidationError(problems: problems) }
        return try ContextCost.compute(contextTokens: n, retrievedTokens: r, width: d)
    }
}

private extension String {
    /// The element index of a `/loads/<i>` pointer (-1 for `/loads` itself), to list problems in order.
    var loadIndex: Int { Int(split(separator: "/").last ?? "") ?? -1 }
}
