/// The search behind a `LevelStep`'s indicator values: one term's value moves along the 6-decimal
/// grid while the others stay, and the score is rounded as `/score` rounds it (the rounded score
/// is what is classified).
struct LevelStepSearch {
    /// Values are searched on the 6-decimal grid: n / 10⁶ for n in 0…10⁶.
    static var grid: Double { 1_000_000 }

    let terms: [ModelTerm]
    /// Each term's current value, in the model's order.
    let values: UnsafeMutableBufferPointer<Double>
    let target: Double
    let goingUp: Bool
    /// The index of the term whose value moves; -1 for none.
    var term = -1

    /// The exact score with the moving term's value replaced by x, summed as `evaluate` sums it.
    func raw(_ x: Double) -> Double {
        var sum = 0.0
        for (i, t) in terms.enumerated() {
            let v = i == term ? x : values[i]
            sum += t.weight * (t.inverted ? 1 - v : v)
        }
        return sum
    }

    /// The rounded score (what /score classifies) with the grid value n / 10⁶.
    func rounded(_ n: Int) -> Double { Rounding.six(raw(Double(n) / Self.grid)) }

    func reaches(_ s: Double) -> Bool { goingUp ? s >= target : s <= target }

    /// The grid index nearest `x` in the direction it moves whose rounded score
    /// reaches the target, with that score; nil when not even the end of [0, 1] does.
    /// The exact score moves `weight` per unit and must move `distance`; rounding lets
    /// it stop up to half a unit short, which gives the first candidate. Binary noise
    /// leaves it a unit or two off: a few steps settle it, and a binary search (the
    /// rounded score is monotone along the way) covers anything further.
    func nearestReaching(from x: Double, rises: Bool, weight: Double, distance: Double) -> (n: Int, score: Double)? {
        let scaled = x * Self.grid
        let start = Int(rises ? scaled.rounded(.up) : scaled.rounded(.down))
        let end = rises ? Int(Self.grid) : 0
        if rises ? start > end : start < end { return nil }
        let step = rises ? 1 : -1
        let units = (distance - 0.5 / Self.grid) / weight * Self.grid
        let estimate = (scaled + (rises ? units : -units)).rounded(rises ? .up : .down)
        var n = Int(min(max(estimate, Double(min(start, end))), Double(max(start, end))))
        var score = rounded(n)
        if reaches(score) {
            for _ in 0..<3 {
                if n == start { return (n, score) }
                let previous = rounded(n - step)
                if !reaches(previous) { return (n, score) }
                n -= step
                score = previous
            }
            if n == start { return (n, score) }
            let startScore = rounded(start)
            return reaches(startScore) ? (start, startScore) : search(before: start, after: n, afterScore: score)
        }
        for _ in 0..<3 {
            if n == end { return nil }
            n += step
            score = rounded(n)
            if reaches(score) { return (n, score) }
        }
        let endScore = rounded(end)
        return reaches(endScore) ? search(before: n, after: end, afterScore: endScore) : nil
    }

    /// The first reaching index between `before` (short) and `after` (reaching).
    func search(before: Int, after: Int, afterScore: Double) -> (n: Int, score: Double) {
        var (before, after, afterScore) = (before, after, afterScore)
        while (after - before).magnitude > 1 {
            let middle = (before + after) / 2
            let middleScore = rounded(middle)
            if reaches(middleScore) { (after, afterScore) = (middle, middleScore) } else { before = middle }
        }
        return (after, afterScore)
    }
}
