/// Direction of a technology's degree over its history (docs/model.md#history-and-trends): least-squares slope of
/// degree per year; `converging` above +0.02, `diverging` below −0.02, else `stable`.
public struct Trend: Sendable, Equatable, Hashable {
    public enum Direction: String, Sendable, Equatable, Hashable {
        case converging, stable, diverging
    }

    public var direction: Direction
    public var slopePerYear: Double
    public var points: Int

    public init(direction: Direction, slopePerYear: Double, points: Int) {
        self.direction = direction
        self.slopePerYear = slopePerYear
        self.points = points
    }

    /// nil with fewer than two points or when all points share one date.
    public static func fit(_ history: [HistoryPoint]) -> Trend? {
        let points = history.compactMap { p in p.year.map { ($0, p.degree) } }
        guard points.count >= 2 else { return nil }
        let n = Double(points.count)
        let meanX = points.reduce(0) { $0 + $1.0 } / n
        let meanY = points.reduce(0) { $0 + $1.1 } / n
        var sxx = 0.0
        var sxy = 0.0
        for (x, y) in points {
            sxx += (x - meanX) * (x - meanX)
            sxy += (x - meanX) * (y - meanY)
        }
        guard sxx > 0 else { return nil }
        let slope = Rounding.six(sxy / sxx)
        let direction: Direction = slope > 0.02 ? .converging : slope < -0.02 ? .diverging : .stable
        return Trend(direction: direction, slopePerYear: slope, points: points.count)
    }
}
