extension Engine {
    /// Classifies a bare score (`POST /classify {"score":0.68}`): it must be a finite number in
    /// [0, 1] and is rounded to 6 decimals first. `toNext`/`toPrevious` carry no indicators.
    public func classify(score: Double) throws(ValidationError) -> Classification {
        if !score.isFinite { throw ValidationError(pointer: "/score", detail: "must be a finite number") }
        if score < 0 || score > 1 {
            throw ValidationError(pointer: "/score", detail: "must be between 0 and 1, got \(score.formatted)")
        }
        return classifyPoint(Rounding.six(score), model: nil, values: nil, result: nil)
    }

    /// Scores and classifies a request (`POST /classify` with indicators or a technology).
    ///
    /// A request carrying `score` is a score classification (`{"score":0.68}`, `POST /classify`
    /// in openapi/openapi.json): like `/score`, it ignores members it does not use and lists them
    /// under `unused` (`model` and `weights` included: a bare score needs no model). Indicators or a technology next to
    /// `score` are a contradiction and a problem at `/score` that says so.
    public func classify(_ request: ScoreRequest) throws(ValidationError) -> Classification {
        if request.score != nil || request.inputProblems.contains(where: { $0.pointer == "/score" }) {
            return try classifyScore(request)
        }
        let resolved = try resolve(request, fallbackModel: nil)
        let result = evaluate(resolved)
        if let range = result.scoreRange {
            let touched = levels.filter { $0.interval.intersects(min: range.min, max: range.max) }
            return Classification(model: result.model, technology: result.technology, score: nil, scoreRange: range,
                                  terms: result.terms, unused: result.unused, level: nil, levels: touched,
                                  margins: nil, toNext: nil, toPrevious: nil, profile: [], profileConsistent: nil)
        }
        return classifyPoint(result.score ?? 0, model: resolved.model, values: resolved.values, result: result)
    }

    /// The score branch of `classify(_:)`.
    func classifyScore(_ request: ScoreRequest) throws(ValidationError) -> Classification {
        // Shape problems of ignored members (`"weights": "x"`) do not matter for a bare score.
        var problems = request.inputProblems.filter { p in
            !["/model", "/weights"].contains { p.pointer == $0 || p.pointer.hasPrefix($0 + "/") }
        }
        let indicators = request.indicators.given.map(\.rawValue)
        if !indicators.isEmpty {
            let list = indicators.joined(separator: ", ")
            problems.append(.init(pointer: "/score", detail: "cannot be combined with indicators (\(list)): give either a score or indicators"))
        }
        if let technology = request.technology {
            problems.append(.init(pointer: "/score", detail: "cannot be combined with a technology (\(technology)): give either a score or a technology"))
        }
        guard problems.isEmpty, let score = request.score else { throw ValidationError(problems: problems) }
        let bare = try classify(score: score)
        var unused = request.extraFields
        switch request.model {
        case .id?: unused.append("model")
        case .weights?: unused.append("weights")
        case nil: break
        }
        guard !unused.isEmpty else { return bare }
        return Classification(model: bare.model, technology: bare.technology, score: bare.score, scoreRange: bare.scoreRange,
                              terms: bare.terms, unused: unused, level: bare.level, levels: bare.levels, margins: bare.margins,
                              toNext: bare.toNext, toPrevious: bare.toPrevious, profile: bare.profile,
                              profileConsistent: bare.profileConsistent)
    }

    /// A batch of classifications, all or nothing, pointers prefixed with the item index.
    ///
    /// A batch may repeat an item (one technology a thousand times): each distinct technology
    /// request is classified once and its result reused, since a classification depends only
    /// on the request and the engine (a request with problems is checked at each of its
    /// indices). Requests of indicator values are classified each time: hashing every one of
    /// a thousand distinct points cost more than the repeats it could save.
    public func classify(batch requests: [ScoreRequest]) throws(ValidationError) -> [Classification] {
        var classified: [ScoreRequest: Classification] = [:]
        return try batch(requests) { (request) throws(ValidationError) in
            guard request.technology != nil else { return try classify(request) }
            if let known = classified[request] { return known }
            let result = try classify(request)
            classified[request] = result
            return result
        }
    }

    func classifyPoint(_ score: Double, model: Model?, values: IndicatorValues?, result: ScoreResult?) -> Classification {
        let position = levelPosition(for: score)
        let level = levels[position]
        let margins = Margins(toLower: Rounding.six(score - level.interval.lower),
                              toUpper: Rounding.six(level.interval.upper - score))
        var toNext: LevelStep? = nil
        if position + 1 < levels.count {
            let next = levels[position + 1]
            // Scores carry 6 decimals: the first score above an exclusive bound is bound + 1e-6.
            let target = next.interval.lowerInclusive ? next.interval.lower : Rounding.six(next.interval.lower + 1e-6)
            toNext = step(to: next, target: target, from: score, model: model, values: values)
        }
        var toPrevious: LevelStep? = nil
        if position > 0 {
            let previous = levels[position - 1]
            let target = previous.interval.upperInclusive
                ? previous.interval.upper : Rounding.six(previous.interval.upper - 1e-6)
            toPrevious = step(to: previous, target: target, from: score, model: model, values: values)
        }
        var profile: [ProfileCheck] = []
        if let values {
            profile.reserveCapacity(level.profile.count)
            for expected in level.profile {
                guard case .point(let x)? = values[expected.indicator] else { continue }
                profile.append(ProfileCheck(indicator: expected.indicator, value: x, expected: expected,
                                            inside: expected.interval.contains(x)))
            }
        }
        return Classification(
            model: result?.model, technology: result?.technology, score: score, scoreRange: nil, terms: result?.terms,
            unused: result?.unused, level: level, levels: nil, margins: margins, toNext: toNext,
            toPrevious: toPrevious, profile: profile,
            profileConsistent: profile.isEmpty ? nil : profile.allSatisfy(\.inside))
    }

    /// The step to a neighbouring level: the target score and, per model term, the value that
    /// indicator alone must take, or nil when none in [0, 1] reaches the level.
    ///
    /// The value is the 6-decimal value nearest the current one whose score, rounded as `/score`
    /// rounds it, falls in the level: the rounded score is what is classified, so a value whose
    /// exact score is a little short of `target` may already reach it (formal on (0.6, 0.7, 0.3):
    /// adoption 0.950002 scores 0.8000008, which rounds to 0.800001, L3).
    func step(to destination: Level, target: Double, from score: Double, model: Model?, values: IndicatorValues?)
        -> LevelStep
    {
        guard let model, let values else {
            return LevelStep(level: destination.reference, score: target, change: Rounding.six(target - score),
                             indicators: [])
        }
        let terms = model.terms
        var targets: [LevelStep.IndicatorTarget] = []
        targets.reserveCapacity(terms.count)
        // The term values on the stack: re-scoring with one value replaced allocates nothing.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: terms.count) { xs in
            for (i, term) in terms.enumerated() { xs[i] = values[term.indicator]?.bounds?.lo ?? 0 }
            var search = LevelStepSearch(terms: terms, values: xs, target: target, goingUp: target > score)
            let current = search.raw(0)
            for (k, term) in terms.enumerated() {
                guard term.weight > 0, case .point(let x)? = values[term.indicator] else {
                    targets.append(.init(indicator: term.indicator, value: nil))
                    continue
                }
                search.term = k
                // The indicator moves the score up when it rises (direct) or falls (inverted).
                let needed = search.nearestReaching(from: x, rises: search.goingUp != term.inverted, weight: term.weight,
                                                    distance: (target - current).magnitude)
                let inside = needed.map { destination.interval.contains($0.score) } ?? false
                targets.append(.init(indicator: term.indicator,
                                     value: inside ? needed.map { Double($0.n) / LevelStepSearch.grid } : nil))
            }
        }
        return LevelStep(level: destination.reference, score: target, change: Rounding.six(target - score),
                         indicators: targets)
    }
}
