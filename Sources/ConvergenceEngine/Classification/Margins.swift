/// Distance of a score to its level's bounds: `{"toLower":0.08,"toUpper":0.12}`.
public struct Margins: Sendable, Equatable, Hashable {
    public var toLower: Double
    public var toUpper: Double

    public init(toLower: Double, toUpper: Double) {
        self.toLower = toLower
        self.toUpper = toUpper
    }
}
