import JSON

extension Engine {
    /// What a request resolves to before any arithmetic: the model and the values to score.
    struct Resolved {
        var model: Model
        var values: IndicatorValues
        var technology: String?
        var extraFields: [String]
    }

    /// Scores one request (`POST /score`). Every problem of the request is reported at once.
    ///
    ///     try engine.score(ScoreRequest(indicators: IndicatorValues(points: [.adoption: 0.6,
    ///         .standardization: 0.6, .controversy: 0.4])))        // score 0.6, level L1
    public func score(_ request: ScoreRequest) throws(ValidationError) -> ScoreResult {
        let resolved = try resolve(request, fallbackModel: nil)
        return evaluate(resolved)
    }

    /// Scores a batch (a JSON array): all or nothing, with pointers like `/3/adoption`.
    public func score(batch requests: [ScoreRequest]) throws(ValidationError) -> [ScoreResult] {
        try batch(requests) { (request) throws(ValidationError) in try score(request) }
    }

    // MARK: Resolution and validation

    /// Validates a request and picks its model and values. `fallbackModel` (a comparison's
    /// model) applies when the request names none.
    func resolve(_ request: ScoreRequest, fallbackModel: ModelSelector?) throws(ValidationError) -> Resolved {
        var problems: [ValidationError.Problem] = request.inputProblems
        var extraFields = request.extraFields
        // `score` is for /classify only (which never gets here with one): scoring ignores it,
        // well-formed or not, and lists it as unused like any other member it does not read.
        if request.score != nil || problems.contains(where: { $0.pointer == "/score" }) {
            problems.removeAll { $0.pointer == "/score" }
            extraFields.append("score")
        }
        // Missing indicators are only meaningful once the model and values are known.
        var resolvedReferences = true
        var values = request.indicators
        var technologyModel: Model? = nil
        if let id = request.technology {
            if let i = technologyIndex[id] {
                let input = technologyInputs[i]
                values = input.values.overridden(by: request.indicators)
                technologyModel = input.model
            } else {
                resolvedReferences = false
                problems.append(.init(pointer: "/technology", detail: "is not a known technology: \"\(id)\"",
                                      code: .unknownReference))
            }
        }

        var model = defaultModel
        let selector = request.model ?? fallbackModel
        switch selector {
        case .id(let id)?:
            if let i = modelIndex[id] {
                model = models[i]
            } else {
                resolvedReferences = false
                problems.append(.init(pointer: "/model", detail: "is not a known model: \"\(id)\"", code: .unknownReference))
            }
        case .weights(let weights)?:
            switch Self.inlineModel(weights) {
            case .success(let inline): model = inline
            case .failure(let error):
                resolvedReferences = false
                problems += error.problems
            }
        case nil:
            if let technologyModel { model = technologyModel }
        }

        // Values: each given one, used or not, must be a finite number (or range) in [0, 1].
        for indicator in Indicator.allCases {
            guard let input = values[indicator] else { continue }
            if let problem = Self.check(input, indicator: indicator) { problems.append(problem) }
        }
        for term in model.terms where resolvedReferences && values[term.indicator] == nil {
            problems.append(.init(pointer: "/" + term.indicator.rawValue,
                                  detail: "is required by model \(model.id)", code: .missing))
        }
        guard problems.isEmpty else { throw ValidationError(problems: problems) }
        return Resolved(model: model, values: values, technology: request.technology, extraFields: extraFields)
    }

    /// The model of request weights: names must be scorable indicators; weights ≥ 0 summing to 1.
    static func inlineModel(_ weights: [String: Double]) -> Result<Model, ValidationError> {
        var problems: [ValidationError.Problem] = []
        var terms: [ModelTerm] = []
        terms.reserveCapacity(weights.count)
        for (name, weight) in weights {
            guard let indicator = Indicator(rawValue: name) else {
                problems.append(.init(pointer: JSONPointer.join("/weights", name), detail: "is not an indicator"))
                continue
            }
            terms.append(ModelTerm(indicator: indicator, weight: weight))
        }
        // Canonical order: dictionary order is arbitrary, results must not be.
        terms.sort { $0.indicator.index < $1.indicator.index }
        problems.sort { $0.pointer < $1.pointer }
        if problems.isEmpty || !terms.isEmpty {
            problems += Model.validate(terms: terms, base: "/weights", byName: true)
        }
        guard problems.isEmpty else { return .failure(ValidationError(problems: problems)) }
        // A zero weight means "not in the model": such an indicator is neither required nor scored.
        return .success(Model(id: "inline", name: "Inline weights", description: "weights given in the request",
                              terms: terms.filter { $0.weight > 0 }))
    }

    /// The problem with one input value, if any.
    /// The pointer is built only on failure: the hot path allocates no strings.
    static func check(_ input: IndicatorInput, indicator: Indicator) -> ValidationError.Problem? {
        var pointer: String { "/" + indicator.rawValue }
        switch input {
        case .invalid(let reason):
            return .init(pointer: pointer, detail: reason.detail)
        case .point(let x):
            if !x.isFinite { return .init(pointer: pointer, detail: "must be a finite number") }
            if x < 0 || x > 1 { return .init(pointer: pointer, detail: "must be between 0 and 1, got \(x.formatted)") }
        case .range(let lo, let hi):
            if !lo.isFinite || !hi.isFinite { return .init(pointer: pointer, detail: "range bounds must be finite numbers") }
            if lo < 0 || hi > 1 || lo > 1 || hi < 0 {
                return .init(pointer: pointer, detail: "range bounds must be between 0 and 1, got [\(lo.formatted), \(hi.formatted)]")
            }
            if lo > hi { return .init(pointer: pointer, detail: "range lower bound \(lo.formatted) exceeds upper bound \(hi.formatted)") }
        }
        return nil
    }

    // MARK: Arithmetic

    /// Scores validated values: point or interval, rounded half-to-even to 6 decimals.
    func evaluate(_ resolved: Resolved) -> ScoreResult {
        let model = resolved.model
        let values = resolved.values
        var isRange = false
        for term in model.terms where values[term.indicator]?.isRange == true { isRange = true }

        var terms: [TermResult] = []
        terms.reserveCapacity(model.terms.count)
        var rawMin = 0.0
        var rawMax = 0.0
        for term in model.terms {
            let (lo, hi) = values[term.indicator]?.bounds ?? (0, 0)
            // Monotone terms: a direct term is lowest at lo, an inverted one at hi.
            let cMin = term.weight * (term.inverted ? 1 - hi : lo)
            let cMax = term.weight * (term.inverted ? 1 - lo : hi)
            rawMin += cMin
            rawMax += cMax
            if isRange {
                terms.append(TermResult(
                    indicator: term.indicator, value: lo == hi ? lo : nil,
                    valueRange: lo == hi ? nil : ScoreRange(min: lo, max: hi), weight: term.weight,
                    inverted: term.inverted, contribution: lo == hi ? Rounding.six(cMin) : nil,
                    contributionRange: lo == hi ? nil : ScoreRange(min: Rounding.six(cMin), max: Rounding.six(cMax))))
            } else {
                terms.append(TermResult(indicator: term.indicator, value: lo, valueRange: nil, weight: term.weight,
                                        inverted: term.inverted, contribution: Rounding.six(cMin),
                                        contributionRange: nil))
            }
        }

        var unused: [String] = []
        for indicator in Indicator.allCases where values[indicator] != nil && !model.uses(indicator) {
            unused.append(indicator.rawValue)
        }
        unused += resolved.extraFields

        if isRange {
            let range = ScoreRange(min: Rounding.six(rawMin), max: Rounding.six(rawMax))
            let touched = levels.filter { $0.interval.intersects(min: range.min, max: range.max) }.map(\.id)
            return ScoreResult(model: model.id, technology: resolved.technology, score: nil, scoreRange: range,
                               terms: terms, unused: unused, level: nil, levels: touched)
        }
        let score = Rounding.six(rawMin)
        return ScoreResult(model: model.id, technology: resolved.technology, score: score, scoreRange: nil,
                           terms: terms, unused: unused, level: level(for: score).reference, levels: nil)
    }
}
