/// Decimal rounding of the engine's figures (docs/model.md#rounding).
enum Rounding {
    /// Rounds half-to-even at 6 decimal places, so that binary noise never reaches a user
    /// (`0.6599999999999999` → `0.66`). A binary value within 1e-7 of a decimal tie (the scaled
    /// value ends in .5) counts as the tie: `0.1234565` is written exactly in the source even
    /// though no double holds it, and half-to-even must see it as a tie.
    @inlinable static func six(_ x: Double) -> Double {
        let scaled = x * 1_000_000
        // Beyond 2^52 a double has no fractional part left to round.
        guard scaled.magnitude < 4_503_599_627_370_496 else { return x }
        let floor = scaled.rounded(.down)
        let fraction = scaled - floor
        let whole: Double
        if (fraction - 0.5).magnitude < 1e-7 {
            let half = floor * 0.5
            whole = half == half.rounded(.down) ? floor : floor + 1
        } else {
            whole = scaled.rounded(.toNearestOrAwayFromZero)
        }
        // Division of two exact integers is correctly rounded: the nearest double to the decimal.
        let result = whole / 1_000_000
        return result == 0 ? 0 : result  // no negative zero in responses
    }

    /// The nearest 6-decimal value at or above (`up`) or at or below x. A value within 1e-7
    /// units of the grid counts as on it, so binary noise does not add a unit.
    static func six(_ x: Double, up: Bool) -> Double {
        let scaled = x * 1_000_000
        guard scaled.magnitude < 4_503_599_627_370_496 else { return x }
        let nearest = scaled.rounded()
        let whole = (scaled - nearest).magnitude < 1e-7 ? nearest : (up ? scaled.rounded(.up) : scaled.rounded(.down))
        let result = whole / 1_000_000
        return result == 0 ? 0 : result
    }
}
