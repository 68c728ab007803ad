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
    /// A request carrying only `score` is classified as a bare score.
    public func classify(_ request: ScoreRequest) throws(ValidationError) -> Classification {
        if request.score != nil || request.inputProblems.contains(where: { $0.pointer == "/score" }) {
            var problems = request.inputProblems
            if !request.indicators.given.isEmpty || request.technology != nil || request.model != nil {
                problems.append(.init(pointer: "/score", detail: "give either a score or indicators, not both"))
            }
            guard problems.isEmpty, let score = request.score else { throw ValidationError(problems: problems) }
            return try classify(score: score)
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

    /// A batch of classifications, all or nothing, pointers prefixed with the item index.
    public func classify(batch requests: [ScoreRequest]) throws(ValidationError) -> [Classification] {
        var out: [Classification] = []
        out.reserveCapacity(requests.count)
        var problems: [ValidationError.Problem] = []
        for (i, request) in requests.enumerated() {
            do {
                out.append(try classify(request))
            } catch {
                problems += error.prefixed("/" + String(i)).problems
            }
        }
        guard problems.isEmpty else { throw ValidationError(problems: problems) }
        return out
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
    func step(to destination: Level, target: Double, from score: Double, model: Model?, values: IndicatorValues?)
        -> LevelStep
    {
        guard let model, let values else {
            return LevelStep(level: destination.reference, score: target, change: Rounding.six(target - score),
                             indicators: [])
        }
        let terms = model.terms
        let interval = destination.interval
        var targets: [LevelStep.IndicatorTarget] = []
        targets.reserveCapacity(terms.count)
        // The term values on the stack: re-scoring with one value replaced allocates nothing.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: terms.count) { xs in
            for (i, term) in terms.enumerated() { xs[i] = values[term.indicator]?.bounds?.lo ?? 0 }
            func rescore(_ k: Int, _ x: Double) -> Double {
                var raw = 0.0
                for (i, term) in terms.enumerated() {
                    let v = i == k ? x : xs[i]
                    raw += term.weight * (term.inverted ? 1 - v : v)
                }
                return Rounding.six(raw)
            }
            let goingUp = target > score
            for (k, term) in terms.enumerated() {
                guard term.weight > 0, case .point(let x)? = values[term.indicator] else {
                    targets.append(.init(indicator: term.indicator, value: nil))
                    continue
                }
                // The indicator moves the score up when it rises (direct) or falls (inverted).
                let delta = (target - score) / term.weight
                var needed = Rounding.six(term.inverted ? x - delta : x + delta)
                let towardTarget = (goingUp != term.inverted) ? 1e-6 : -1e-6
                // Rounding may stop a hair short of the level: nudge by one unit until inside.
                var reaches = interval.contains(rescore(k, needed))
                var attempts = 0
                while !reaches, attempts < 3 {
                    needed = Rounding.six(needed + towardTarget)
                    reaches = interval.contains(rescore(k, needed))
                    attempts += 1
                }
                targets.append(.init(indicator: term.indicator,
                                     value: (needed >= 0 && needed <= 1 && reaches) ? needed : nil))
            }
        }
        return LevelStep(level: destination.reference, score: target, change: Rounding.six(target - score),
                         indicators: targets)
    }
}
