/// A closed interval of scores or values: `{"min":0.5,"max":0.76}`.
public struct ScoreRange: Sendable, Equatable, Hashable {
    public var min: Double
    public var max: Double

    public init(min: Double, max: Double) {
        self.min = min
        self.max = max
    }

    public func contains(_ x: Double) -> Bool { x >= min && x <= max }
}
