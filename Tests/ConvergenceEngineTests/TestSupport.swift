import Foundation
@testable import ConvergenceEngine

/// One engine on the embedded config, shared by the tests (it is immutable).
let engine: Engine = {
    do {
        return try Engine.embedded()
    } catch {
        preconditionFailure("embedded config must load: \(error)")
    }
}()

/// Points for the formal model's three indicators.
func formal(_ a: Double, _ s: Double, _ c: Double) -> ScoreRequest {
    ScoreRequest(indicators: IndicatorValues(points: [.adoption: a, .standardization: s, .controversy: c]),
                 model: .id("formal"))
}

/// The formal model's three indicators as points.
func points(_ adoption: Double, _ standardization: Double, _ controversy: Double) -> IndicatorValues {
    IndicatorValues(points: [.adoption: adoption, .standardization: standardization, .controversy: controversy])
}

/// The pointers of the validation error `body` throws; nil when it succeeds (or throws another error).
func problemPointers(_ body: () throws -> Void) -> [String]? {
    do {
        try body()
        return nil
    } catch {
        return (error as? ValidationError)?.problems.map(\.pointer)
    }
}

import Testing

/// Seeded SplitMix64: property tests are reproducible, and a failure names its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in [0, 1], often on a 0.05 grid so level bounds and ties are hit.
    mutating func unit() -> Double {
        switch next() % 4 {
        case 0: Double(next() % 21) / 20
        case 1: Double(next() % 1_000_001) / 1_000_000
        default: Double.random(in: 0...1, using: &self)
        }
    }
}
