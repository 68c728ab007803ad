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
    /// A request carrying `score` is a score classification (api.md: `{"score":0.68}`): like
    /// `/score`, it ignores members it does not use and lists them under `unused` (`model` and
    /// `weights` included: a bare score needs no model). Indicators or a technology next to
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
            /// The exact (unrounded) score with term k's value replaced by x.
            func raw(_ k: Int, _ x: Double) -> Double {
                var sum = 0.0
                for (i, term) in terms.enumerated() {
                    let v = i == k ? x : xs[i]
                    sum += term.weight * (term.inverted ? 1 - v : v)
                }
                return sum
            }
            let goingUp = target > score
            // The value needed is the least 6-decimal value whose exact score reaches the target
            // score (1e-9 absorbs binary noise); rounding is monotone, so the level is reached too.
            func meets(_ k: Int, _ x: Double) -> Bool {
                goingUp ? raw(k, x) >= target - 1e-9 : raw(k, x) <= target + 1e-9
            }
            let current = raw(-1, 0)
            for (k, term) in terms.enumerated() {
                guard term.weight > 0, case .point(let x)? = values[term.indicator] else {
                    targets.append(.init(indicator: term.indicator, value: nil))
                    continue
                }
                // The indicator moves the score up when it rises (direct) or falls (inverted).
                let delta = (target - current) / term.weight
                let rises = goingUp != term.inverted
                let towardTarget = rises ? 0.000_001 : -0.000_001
                var needed = Rounding.six(term.inverted ? x - delta : x + delta, up: rises)
                // Binary noise may leave it a unit short: nudge forward until the target is met…
                var reaches = meets(k, needed)
                var attempts = 0
                while !reaches, attempts < 3 {
                    needed = Rounding.six(needed + towardTarget)
                    reaches = meets(k, needed)
                    attempts += 1
                }
                // …or a unit long: step back while it is still met.
                attempts = 0
                while reaches, attempts < 3 {
                    let smaller = Rounding.six(needed - towardTarget)
                    guard meets(k, smaller) else { break }
                    needed = smaller
                    attempts += 1
                }
                reaches = reaches && interval.contains(Rounding.six(raw(k, needed)))
                targets.append(.init(indicator: term.indicator,
                                     value: (needed >= 0 && needed <= 1 && reaches) ? needed : nil))
            }
        }
        return LevelStep(level: destination.reference, score: target, change: Rounding.six(target - score),
                         indicators: targets)
    }
}
