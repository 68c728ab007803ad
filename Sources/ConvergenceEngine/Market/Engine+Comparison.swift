extension Engine {
    /// Scores and ranks items (`POST /compare` with `items`). `model` applies to every item that
    /// names no model of its own. Pointers: `/items/2/adoption`, `/items` for too few items.
    ///
    ///     try engine.compare(items: [ScoreRequest(technology: "rlhf"), ScoreRequest(technology: "reasoning")],
    ///                        model: .id("formal"))
    public func compare(items: [ScoreRequest], model: ModelSelector? = nil) throws(ValidationError) -> ItemComparison {
        var problems: [ValidationError.Problem] = []
        if items.count < 2 {
            problems.append(.init(pointer: "/items", detail: "must list at least two items to compare, got \(items.count)",
                                  code: .missing))
        }
        var scored: [(resolved: Resolved, result: ScoreResult)] = []
        for (i, item) in items.enumerated() {
            let base = "/items/" + String(i)
            do {
                let resolved = try resolve(item, fallbackModel: model)
                let result = evaluate(resolved)
                if result.isRange {
                    problems.append(.init(pointer: base, detail: "ranges cannot be ranked: give a value for each indicator"))
                }
                scored.append((resolved, result))
            } catch {
                problems += error.prefixed(base).problems
            }
        }
        guard problems.isEmpty else { throw ValidationError(problems: problems) }

        let labels = items.enumerated().map { i, item in item.label ?? item.technology ?? "#" + String(i) }
        let scores = scored.map { $0.result.score ?? 0 }
        let ranking = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var rankOf = [Int](repeating: 0, count: items.count)
        for (rank, index) in ranking.enumerated() { rankOf[index] = rank + 1 }

        let compared = scored.enumerated().map { i, entry in
            ComparedItem(index: i, label: labels[i], technology: entry.result.technology, rank: rankOf[i],
                         model: entry.result.model, score: scores[i], level: entry.result.level ?? level(for: scores[i]).reference,
                         terms: entry.result.terms)
        }

        let leaders = Self.leaders(scored.map(\.resolved.values), labels: labels)

        let gap = Rounding.six(scores[ranking[0]] - scores[ranking[1]])
        let tie = gap < 0.01
        return ItemComparison(items: compared, ranking: ranking, leaders: leaders, gap: gap,
                              moreConverged: tie ? "tie" : labels[ranking[0]],
                              moreConvergedIndex: tie ? nil : ranking[0], tie: tie)
    }

    /// Scores and ranks items read by a caller that already found shape problems
    /// (`inputProblems`, e.g. `/items/1/model must be a model id`), reporting them together with
    /// the engine's own. An item that could not be read stays in `items` as a placeholder
    /// (`ScoreRequest()`) so that indices match; problems at or under a pointer in
    /// `inputProblems` are not repeated.
    public func compare(items: [ScoreRequest], model: ModelSelector? = nil,
                        inputProblems: [ValidationError.Problem]) throws(ValidationError) -> ItemComparison {
        var engineProblems: [ValidationError.Problem] = []
        var result: ItemComparison?
        do { result = try compare(items: items, model: model) } catch { engineProblems = error.problems }
        let problems = ValidationError.merging(inputProblems, engineProblems)
        guard problems.isEmpty, let result else { throw ValidationError(problems: problems) }
        return result
    }

    /// Per scorable indicator, the item with the best value (lowest for an inverted one), or
    /// `tie` when several share it.
    static func leaders(_ values: [IndicatorValues], labels: [String]) -> [IndicatorLeader] {
        var leaders: [IndicatorLeader] = []
        for indicator in Indicator.scorable {
            var best: Double? = nil
            var holders: [Int] = []
            for (i, itemValues) in values.enumerated() {
                guard case .point(let x)? = itemValues[indicator] else { continue }
                let better = best.map { indicator.isInverted ? x < $0 : x > $0 } ?? true
                if better {
                    best = x
                    holders = [i]
                } else if x == best {
                    holders.append(i)
                }
            }
            guard let best else { continue }
            let single = holders.count == 1 ? holders[0] : nil
            leaders.append(IndicatorLeader(indicator: indicator, leader: single.map { labels[$0] } ?? "tie",
                                           index: single, value: best))
        }
        return leaders
    }
}
