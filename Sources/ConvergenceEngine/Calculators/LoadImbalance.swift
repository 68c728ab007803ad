import JSON

/// Expert load imbalance (docs/model.md#load-imbalance): max − min over the loads, and the coefficient of variation
/// (population standard deviation / mean; 0 when every load is 0).
public struct LoadImbalance: Sendable, Equatable, Hashable {
    public var imbalance: Double
    public var coefficientOfVariation: Double
    public var mean: Double
    public var min: Double
    public var max: Double
    public var count: Int

    /// Loads are finite, non-negative, at least one (errors at `/loads`, `/loads/3`).
    public static func compute(loads: [Double]) throws(ValidationError) -> LoadImbalance {
        var problems: [ValidationError.Problem] = []
        check(loads.map { Optional($0) }, &problems)
        guard problems.isEmpty, let lo = loads.min(), let hi = loads.max() else {
            throw ValidationError(problems: problems)
        }
        let n = Double(loads.count)
        // Scale by the largest load so squares of huge finite loads cannot overflow.
        let scale = hi > 0 ? hi : 1
        let meanScaled = loads.reduce(0) { $0 + $1 / scale } / n
        let varianceScaled = loads.reduce(0) { $0 + ($1 / scale - meanScaled) * ($1 / scale - meanScaled) } / n
        let cv = meanScaled > 0 ? varianceScaled.squareRoot() / meanScaled : 0
        return LoadImbalance(imbalance: Rounding.six(hi - lo), coefficientOfVariation: Rounding.six(cv),
                             mean: Rounding.six(meanScaled * scale), min: lo, max: hi, count: loads.count)
    }

    /// Checks every load that is a number (nil: not a number, already reported), so that one
    /// bad element never hides another.
    static func check(_ loads: [Double?], _ problems: inout [ValidationError.Problem]) {
        if loads.isEmpty {
            problems.append(.init(pointer: "/loads", detail: "must hold at least one load", code: .missing))
        }
        for (i, load) in loads.enumerated() {
            guard let load else { continue }
            if !load.isFinite {
                problems.append(.init(pointer: JSONPointer.join("/loads", i), detail: "must be a finite number"))
            } else if load < 0 {
                problems.append(.init(pointer: JSONPointer.join("/loads", i), detail: "must be at least 0, got \(load.formatted)"))
            }
        }
    }
}
