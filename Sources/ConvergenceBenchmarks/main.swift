// Engine and JSON writing micro-benchmark: prints nanoseconds per operation; never asserts on time.
//   swift run -c release --scratch-path .build-engine ConvergenceBenchmarks [iterations]
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ConvergenceAPI
import ConvergenceEngine
import JSON

let iterations = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
/// Optional second argument: run only the cases whose name contains it (for profiling).
let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil

let engine: Engine
do {
    engine = try Engine.embedded()
} catch {
    print("cannot load the embedded config:\n\(error)")
    exit(1)
}

/// Runs `body` `count` times in 5 rounds after a warm-up and prints the mean time per call of
/// the fastest round and of the median round: the machine is shared, and the fastest round is
/// the one least disturbed by other processes.
func measure(_ name: String, count: Int, _ body: () -> Double) {
    if let only, !name.contains(only) { return }
    var sink = 0.0
    for _ in 0..<min(count, 10_000) { sink += body() }
    let clock = ContinuousClock()
    let rounds = 5
    let perRound = max(1, count / rounds)
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = clock.now
        for _ in 0..<perRound { sink += body() }
        let elapsed = clock.now - start
        let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        times.append(ns / Double(perRound))
    }
    times.sort()
    func figure(_ x: Double) -> String {
        let text = String(Double(Int(x * 10)) / 10)
        return String(repeating: " ", count: max(0, 8 - text.count)) + text
    }
    let padded = name + String(repeating: " ", count: max(1, 46 - name.count))
    print("\(padded)\(figure(times[0])) ns/op best, \(figure(times[rounds / 2])) median"
        + "   (\(rounds) × \(perRound), checksum \(Int(sink) % 1000))")
}

let point = ScoreRequest(indicators: IndicatorValues(points: [
    .adoption: 0.6, .standardization: 0.7, .controversy: 0.3, .maturity: 0.75,
]), model: .id("extended"))
let formal = ScoreRequest(indicators: IndicatorValues(points: [
    .adoption: 0.6, .standardization: 0.6, .controversy: 0.4,
]))
let ranged = ScoreRequest(indicators: IndicatorValues([
    .adoption: .range(0.5, 0.7), .standardization: .range(0.5, 0.8), .controversy: .range(0.2, 0.5),
]))
let inline = ScoreRequest(indicators: point.indicators,
                          model: .weights(["adoption": 0.5, "standardization": 0.3, "controversy": 0.2]))
let technology = ScoreRequest(technology: "moe-vs-dense")

print("ConvergenceEngine benchmark (\(iterations) iterations, config \(engine.fingerprint))")
measure("score (extended, 4 points)", count: iterations) { (try? engine.score(point))?.score ?? 0 }
measure("score + classify (extended, 4 points)", count: iterations) { (try? engine.classify(point))?.score ?? 0 }
measure("score + classify (formal default, 3 points)", count: iterations) { (try? engine.classify(formal))?.score ?? 0 }
measure("score + classify (technology moe-vs-dense)", count: iterations) { (try? engine.classify(technology))?.score ?? 0 }
measure("score (ranges, 3 indicators)", count: iterations) { (try? engine.score(ranged))?.scoreRange?.max ?? 0 }
measure("score (inline weights)", count: iterations) { (try? engine.score(inline))?.score ?? 0 }
measure("classify bare score", count: iterations) { (try? engine.classify(score: 0.68))?.score ?? 0 }
measure("market analysis (2 shares)", count: iterations) {
    (try? engine.analyzeMarket([ApproachShare(name: "MoE", share: 0.6), ApproachShare(name: "Dense", share: 0.4)]))?.hhi ?? 0
}
if only == nil, let sample = try? engine.classify(point) {
    print("(one classification writes \(sample.jsonBytes.count) bytes of JSON)")
}
measure("score + classify + JSONWriter (jsonBytes)", count: iterations) {
    guard let c = try? engine.classify(point) else { return 0 }
    return Double(c.jsonBytes.count)
}
measure("score + JSONWriter (jsonBytes)", count: iterations) {
    guard let r = try? engine.score(point) else { return 0 }
    return Double(r.jsonBytes.count)
}
// A maximal batch (1,000 items, `limits.batchItems`): scored, compared and written.
func batchItem(_ i: Int) -> ScoreRequest {
    let values: [Indicator: Double] = [
        .adoption: Double(i % 97) / 97, .standardization: Double(i % 89) / 89,
        .controversy: Double(i % 83) / 83, .maturity: Double(i % 79) / 79,
    ]
    return ScoreRequest(indicators: IndicatorValues(points: values), model: .id("extended"))
}
let batch = (0..<1000).map(batchItem)
let batchCount = max(1, iterations / 10_000)
measure("compare 1,000 items (engine only)", count: batchCount) {
    Double((try? engine.compare(items: batch))?.items.count ?? 0)
}
measure("compare 1,000 items + JSONWriter", count: batchCount) {
    Double((try? engine.compare(items: batch))?.jsonBytes.count ?? 0)
}
measure("classify 1,000 items + JSONWriter", count: batchCount) {
    var w = JSONWriter(capacity: 1 << 20)
    w.beginArray()
    for request in batch { (try? engine.classify(request))?.write(to: &w) }
    w.endArray()
    return Double(w.bytes.count)
}
