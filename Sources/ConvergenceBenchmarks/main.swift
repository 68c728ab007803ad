// Engine, JSON writing and request-path micro-benchmark: prints nanoseconds per operation;
// never asserts on time.
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
import HTTPServer
import JSON

// `round-trips N ROUTE [log]`: the whole server path, N requests over loopback, with the access
// log written to /dev/null when `log` is given (RoundTrips.swift).
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "round-trips" {
    let count = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 10_000 : 10_000
    let route = CommandLine.arguments.count > 3 ? CommandLine.arguments[3] : "healthz"
    guard let text = benchmarkRequests.first(where: { $0.route == route })?.text else {
        print("routes: \(benchmarkRequests.map(\.route).joined(separator: " "))")
        exit(2)
    }
    let accessLog = CommandLine.arguments.count > 4 && CommandLine.arguments[4] == "log"
    exit(runRoundTrips(count: count, request: text, accessLog: accessLog))
}

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

/// CPU time of this thread, in nanoseconds: time spent preempted by other processes on a
/// shared machine does not count (a wall clock made figures swing by 2× under load).
func threadCPUNanoseconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
}

/// Runs `body` `count` times in 5 rounds after a warm-up and prints the mean CPU time per call
/// of the fastest round and of the median round: the machine is shared, and the fastest round
/// is the one least disturbed by other processes (their cache misses still show).
func measure(_ name: String, count: Int, _ body: () -> Double) {
    if let only, !name.contains(only) { return }
    var sink = 0.0
    for _ in 0..<min(count, 10_000) { sink += body() }
    let rounds = 5
    let perRound = max(1, count / rounds)
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = threadCPUNanoseconds()
        for _ in 0..<perRound { sink += body() }
        times.append((threadCPUNanoseconds() - start) / Double(perRound))
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

// The user-space work of one request outside the kernel: the parser on the bytes wrk sends,
// the service's answer, the observer's metrics (access log off). The socket calls are left
// out, so changes to these parts show here without the kernel's share of the noise.
let requests = benchmarkRequests.map { ($0.name, $0.text) }
var settings = ServiceSettings()
settings.accessLog = false
if let service = try? ConvergenceService(settings: settings, logSink: nil) {
    let observer = ServiceObserver(service: service)
    for (name, text) in requests {
        let bytes = Array(text.utf8)
        var parser = HTTPRequestParser()
        func parse() -> HTTPRequest? {
            parser.feed(bytes)
            switch parser.next() {
            case .request(let request): return request
            default: return nil
            }
        }
        measure("http parse \(name)", count: iterations) { Double(parse()?.path.utf8.count ?? 0) }
        guard let request = parse() else { continue }
        measure("http respond \(name)", count: iterations) { Double(service.respond(to: request).body.count) }
        measure("http parse + respond + observe \(name)", count: iterations) {
            // As the server does it: the request and the response's fields move into the exchange.
            guard let request = parse() else { return 0 }
            var response = service.respond(to: request)
            var headers = HTTPHeaders()
            swap(&headers, &response.headers)
            observer.responseWritten(HTTPExchange(
                request: consume request, status: response.status, responseHeaders: consume headers,
                bodyBytes: response.body.count, durationNanoseconds: 1000, remoteAddress: "127.0.0.1:40000",
                route: response.route))
            return Double(response.body.count)
        }
    }
    // POST /score above repeats one body, which the service's memo of recent answers answers
    // (docs/result-memo.md). Here a new body each time (a numbered label, 4,096 of them, past
    // the memo's capacity): the full path, parse, score and write, plus the memo's bookkeeping.
    var parser = HTTPRequestParser()
    let varied: [HTTPRequest] = (0..<4096).compactMap { i in
        let body = #"{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"#
            + #""model":"extended","label":"\#(i)"}"#
        parser.feed(Array(("POST /score HTTP/1.1\r\nHost: 127.0.0.1:18080\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n" + body).utf8))
        if case .request(let request) = parser.next() { return request }
        return nil
    }
    var next = 0
    measure("http respond POST /score, a new body each time", count: iterations) {
        next = (next + 1) % varied.count
        return Double(service.respond(to: varied[next]).body.count)
    }
}
