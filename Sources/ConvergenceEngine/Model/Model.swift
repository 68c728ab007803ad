import JSON

/// A scoring model (docs/model.md#models): a named list of weighted terms whose weights are ≥ 0 and sum
/// to 1, so that a score is always in [0, 1]. Models are data: built-in ones come from
/// `config/models.json`, and a request may bring its own weights.
///
/// A class so that resolving a request's model copies one reference.
public final class Model: Sendable, Equatable, Hashable {
    public let id: String
    public let name: String
    public let description: String
    public let terms: [ModelTerm]
    /// Whether requests that name no model use this one (`default` of models.json).
    public let isDefault: Bool

    public init(id: String, name: String? = nil, description: String = "", terms: [ModelTerm], isDefault: Bool = false) {
        self.id = id
        self.name = name ?? id
        self.description = description
        self.terms = terms
        self.isDefault = isDefault
    }

    /// The formula in words, e.g. `0.4·adoption + 0.3·standardization + 0.3·(1 − controversy)`.
    public var formula: String {
        terms.map { term in
            let w = Rounding.six(term.weight).formatted
            return term.inverted ? "\(w)·(1 − \(term.indicator.rawValue))" : "\(w)·\(term.indicator.rawValue)"
        }.joined(separator: " + ")
    }

    /// Whether the model scores this indicator.
    public func uses(_ indicator: Indicator) -> Bool { terms.contains { $0.indicator == indicator } }

    /// The weight of an indicator (0 when the model does not use it).
    public func weight(of indicator: Indicator) -> Double {
        terms.reduce(0) { $1.indicator == indicator ? $0 + $1.weight : $0 }
    }

    public static func == (lhs: Model, rhs: Model) -> Bool {
        lhs === rhs || (lhs.id == rhs.id && lhs.name == rhs.name && lhs.description == rhs.description
            && lhs.terms == rhs.terms && lhs.isDefault == rhs.isDefault)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(terms)
    }

    /// Checks weights: each finite and ≥ 0, each indicator once, at least one term, and a sum
    /// of 1 within 1e-9. Pointers are relative to `base` and name the weights by indicator when
    /// `byName`, else by term index (`/terms/2/weight`).
    static func validate(terms: [ModelTerm], base: String, byName: Bool) -> [ValidationError.Problem] {
        var problems: [ValidationError.Problem] = []
        if terms.isEmpty {
            problems.append(.init(pointer: base, detail: "must have at least one term"))
            return problems
        }
        // Pointers are built only on failure: inline weights are validated on the request path.
        func weightPointer(_ i: Int) -> String {
            byName ? JSONPointer.join(base, terms[i].indicator.rawValue) : JSONPointer.join(JSONPointer.join(base, i), "weight")
        }
        func indicatorPointer(_ i: Int) -> String {
            byName ? JSONPointer.join(base, terms[i].indicator.rawValue) : JSONPointer.join(JSONPointer.join(base, i), "indicator")
        }
        var seen: UInt8 = 0
        var sum = 0.0
        var allFinite = true
        for i in terms.indices {
            let term = terms[i]
            if !term.indicator.isScorable {
                problems.append(.init(pointer: indicatorPointer(i), detail: "research is descriptive only and cannot be weighted"))
            }
            let bit: UInt8 = 1 << UInt8(term.indicator.index)
            if seen & bit != 0 {
                problems.append(.init(pointer: indicatorPointer(i), detail: "\(term.indicator.rawValue) appears more than once"))
            }
            seen |= bit
            if !term.weight.isFinite {
                allFinite = false
                problems.append(.init(pointer: weightPointer(i), detail: "must be a finite number"))
            } else if term.weight < 0 {
                problems.append(.init(pointer: weightPointer(i), detail: "must be at least 0, got \(term.weight.formatted)"))
            }
            sum += term.weight
        }
        if allFinite, (sum - 1).magnitude > 1e-9 {
            problems.append(.init(pointer: base, detail: "weights must sum to 1, got \(Rounding.six(sum).formatted)"))
        }
        return problems
    }
}
