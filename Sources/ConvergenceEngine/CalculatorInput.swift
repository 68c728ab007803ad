/// The numbers given to a calculator, from a JSON body or a query string, before validation:
/// the engine's calculator methods check presence and shape and report every problem with its
/// pointer (`/experts`, `/loads/2`).
///
///     try JSONDecoder().decode(CalculatorInput.self, from: #"{"experts":8,"active":2}"#)
///     CalculatorInput(query: [("loads", "1,2,3")])
public struct CalculatorInput: Sendable, Equatable, Hashable, Decodable {
    public enum Field: Sendable, Equatable, Hashable {
        case number(Double)
        /// An array; nil marks an element that is not a number.
        case array([Double?])
        /// Neither a number nor an array (a string, object, boolean, null or out-of-range literal).
        case invalid
    }

    public var fields: [String: Field]

    public init(fields: [String: Field] = [:]) { self.fields = fields }

    /// Query parameters: numbers; a comma-separated list (or repeated name) makes an array.
    public init(query: [(name: String, value: String)]) {
        var fields: [String: Field] = [:]
        for (name, value) in query {
            let items = value.split(separator: ",", omittingEmptySubsequences: false).map { Double(String($0).trimmingSpaces) }
            let field: Field = items.count == 1 ? (items[0].map { .number($0) } ?? .invalid) : .array(items)
            switch (fields[name], field) {
            case (.number(let a)?, .number(let b)): fields[name] = .array([a, b])
            case (.array(let a)?, .number(let b)): fields[name] = .array(a + [b])
            case (.array(let a)?, .array(let b)): fields[name] = .array(a + b)
            case (.number(let a)?, .array(let b)): fields[name] = .array([a] + b)
            default: fields[name] = field
            }
        }
        self.fields = fields
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Any JSON object decodes; only a non-object body fails.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        var fields: [String: Field] = [:]
        for key in c.allKeys {
            if let x = try? c.decode(Double.self, forKey: key) {
                fields[key.stringValue] = .number(x)
            } else if let items = try? c.decode([JSONValue].self, forKey: key) {
                fields[key.stringValue] = .array(items.map { if case .number(let x) = $0 { x } else { nil } })
            } else {
                fields[key.stringValue] = .invalid
            }
        }
        self.fields = fields
    }

    /// The number at `name`, recording a problem when it is absent or not a number.
    func number(_ name: String, _ problems: inout [ValidationError.Problem]) -> Double? {
        switch fields[name] {
        case .number(let x)?: return x
        case nil:
            problems.append(.init(pointer: "/" + name, detail: "is required", code: .missing))
        default:
            problems.append(.init(pointer: "/" + name, detail: "must be a number"))
        }
        return nil
    }
}

extension Engine {
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
