// Calls every operation of a running Convergence service through the client that
// swift-openapi-generator generates from openapi/openapi.json, and checks the typed results:
//   swift run -c release CallEveryOperation http://127.0.0.1:8080
// Expected values come from the documented model (docs/api.md, README): MoE vs Dense scores 0.68
// under the extended model (L2); 8 experts with 2 active cost 0.25; loads 1, 2, 3 are 2 apart.
import Foundation
import OpenAPIRuntime
import OpenAPIURLSession

@main
struct CallEveryOperation {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func main() async {
        let argument = CommandLine.arguments.dropFirst().first ?? "http://127.0.0.1:8080"
        guard let url = URL(string: argument) else {
            print("FAIL not a URL: \(argument)")
            exit(2)
        }
        do {
            let calls = try await callEveryOperation(Client(serverURL: url, transport: URLSessionTransport()))
            print("\(calls) calls through the generated client, all typed as documented")
        } catch {
            print("FAIL \(error)")
            exit(1)
        }
    }

    /// One operation's typed result, checked.
    static func expect(_ name: String, _ ok: Bool, _ value: @autoclosure () -> Any, calls: inout Int) throws {
        calls += 1
        guard ok else { throw Failure(description: "\(name): unexpected \(String(describing: value()).prefix(300))") }
        print("ok   \(name)")
    }

    static func callEveryOperation(_ c: Client) async throws -> Int {
        var n = 0

        // Scoring
        let get = try await c.scoreGet(query: .init(adoption: 0.6, standardization: 0.7, controversy: 0.3, model: "formal")).ok.body.json
        try expect("scoreGet", get.score == 0.66, get, calls: &n)

        let point = Components.Schemas.ScoreRequest(
            adoption: .case1(0.6), standardization: .case1(0.7), controversy: .case1(0.3), maturity: .case1(0.75), model: "extended")
        let scored = try await c.score(body: .json(.ScoreRequest(point))).ok.body.json
        guard case .ScoreResult(.PointScore(let p)) = scored else { throw Failure(description: "score: \(scored)") }
        try expect("score (point)", p.score == 0.68 && p.level.id == "L2", p, calls: &n)

        let ranged = Components.Schemas.ScoreRequest(
            adoption: .case2([0.5, 0.7]), standardization: .case2([0.5, 0.8]), controversy: .case2([0.2, 0.5]))
        let range = try await c.score(body: .json(.ScoreRequest(ranged))).ok.body.json
        guard case .ScoreResult(.RangeScore(let r)) = range else { throw Failure(description: "score range: \(range)") }
        try expect("score (range)", r.scoreRange.min < r.scoreRange.max && !r.levels.isEmpty, r, calls: &n)

        let batch = try await c.score(body: .json(.case2([.init(technology: "rlhf"), .init(technology: "moe-vs-dense")]))).ok.body.json
        guard case .case2(let results) = batch else { throw Failure(description: "score batch: \(batch)") }
        try expect("score (batch)", results.count == 2, results, calls: &n)

        let bad = try await c.score(body: .json(.ScoreRequest(.init(adoption: .case1(0.6), model: "nope"))))
        let problem = try bad.unprocessableContent.body.applicationProblemJson
        try expect("score (422)", problem.status == 422 && problem.errors?.contains { $0.pointer == "/model" } == true, problem, calls: &n)

        let classified = try await c.classifyGet(query: .init(score: 0.68)).ok.body.json
        try expect("classifyGet", classified.level.id == "L2" && classified.toNext?.level.id == "L3", classified, calls: &n)

        let byTechnology = try await c.classify(body: .json(.ClassifyRequest(.init(technology: "edge-vs-cloud")))).ok.body.json
        guard case .Classification(.PointClassification(let k)) = byTechnology else { throw Failure(description: "classify: \(byTechnology)") }
        try expect("classify", k.technology == "edge-vs-cloud" && k.level.id == "L1", k, calls: &n)

        // Catalog
        let levels = try await c.levels().ok.body.json
        try expect("levels", levels.map(\.id) == ["L0", "L1", "L2", "L3", "L4"], levels, calls: &n)
        let level = try await c.level(path: .init(id: "L2")).ok.body.json
        try expect("level", level.id == "L2" && !level.profile.isEmpty, level, calls: &n)
        let missing = try await c.level(path: .init(id: "L9")).notFound.body.applicationProblemJson
        try expect("level (404)", missing.status == 404, missing, calls: &n)
        let models = try await c.models().ok.body.json
        try expect("models", models.contains { $0.id == "formal" }, models, calls: &n)
        let model = try await c.model(path: .init(id: "extended")).ok.body.json
        try expect("model", model.terms.count == 4, model, calls: &n)
        let tables = try await c.tables().ok.body.json
        try expect("tables", tables.contains { $0.id == "moe-vs-dense" }, tables, calls: &n)
        let table = try await c.table(path: .init(id: "moe-vs-dense")).ok.body.json
        try expect("table", table.columns.first == "Dimension" && !table.rows.isEmpty, table, calls: &n)
        let csvBody = try await c.table(path: .init(id: "moe-vs-dense"), query: .init(format: .csv),
                                        headers: .init(accept: [.init(contentType: .csv)])).ok.body.csv
        let csv = try await String(collecting: csvBody, upTo: 1 << 20)
        try expect("table (csv)", csv.hasPrefix("Dimension,"), csv, calls: &n)
        let technologies = try await c.technologies(query: .init(level: "L2")).ok.body.json
        try expect("technologies", technologies.contains { $0.id == "moe-vs-dense" }, technologies, calls: &n)
        let technology = try await c.technology(path: .init(id: "moe-vs-dense")).ok.body.json
        try expect("technology", technology.score == 0.68 && technology.approaches.count == 2, technology, calls: &n)
        let errata = try await c.errata().ok.body.json
        try expect("errata", errata.examples.contains { $0.technology == "moe-vs-dense" }, errata, calls: &n)

        // Comparisons
        let comparisons = try await c.comparisons().ok.body.json
        try expect("comparisons", comparisons.contains { $0.id == "moe-vs-dense" }, comparisons, calls: &n)
        let comparison = try await c.comparison(path: .init(id: "moe-vs-dense")).ok.body.json
        try expect("comparison", comparison.market?.structure == .duopoly, comparison, calls: &n)
        let shares = Components.Schemas.MarketRequest(approaches: [.init(name: "A", share: 0.55), .init(name: "B", share: 0.45)])
        let market = try await c.compare(body: .json(.init(value1: shares))).ok.body.json
        guard case .Market(let m) = market else { throw Failure(description: "compare: \(market)") }
        try expect("compare (market)", m.hhi == 5050, m, calls: &n)
        let items = Components.Schemas.ItemsRequest(items: [.init(technology: "rlhf"), .init(technology: "reasoning")], model: "formal")
        let ranking = try await c.compare(body: .json(.init(value2: items))).ok.body.json
        guard case .ItemComparison(let ranked) = ranking else { throw Failure(description: "compare items: \(ranking)") }
        try expect("compare (items)", ranked.moreConverged == "rlhf", ranked, calls: &n)

        // Calculators
        let moeGet = try await c.moeCostGet(query: .init(experts: 8, active: 2)).ok.body.json
        try expect("moeCostGet", moeGet.ratio == 0.25, moeGet, calls: &n)
        let moe = try await c.moeCost(body: .json(.case1(.init(experts: 8, active: 2)))).ok.body.json
        try expect("moeCost", moe.saving == 0.75, moe, calls: &n)
        let loadGet = try await c.loadImbalanceGet(query: .init(loads: "1,2,3")).ok.body.json
        try expect("loadImbalanceGet", loadGet.imbalance == 2, loadGet, calls: &n)
        let load = try await c.loadImbalance(body: .json(.init(loads: [1, 2, 3]))).ok.body.json
        try expect("loadImbalance", load.count == 3, load, calls: &n)
        let contextGet = try await c.contextCostGet(query: .init(contextTokens: 131072, retrievedTokens: 4096, width: 4096)).ok.body.json
        try expect("contextCostGet", contextGet.longContext == 131072.0 * 131072 * 4096, contextGet, calls: &n)
        let context = try await c.contextCost(body: .json(.init(contextTokens: 131072, retrievedTokens: 4096, width: 4096))).ok.body.json
        try expect("contextCost", context.rag == 131072.0 * 4096 + 4096.0 * 4096 * 4096, context, calls: &n)

        // Operations
        let health = try await c.healthz().ok.body.json
        try expect("healthz", health.status == .ok, health, calls: &n)
        let ready = try await c.readyz().ok.body.json
        try expect("readyz", ready.status == .ready, ready, calls: &n)
        let metrics = try await String(collecting: c.metrics().ok.body.plainText, upTo: 1 << 22)
        try expect("metrics", metrics.contains("# TYPE http_requests_total counter"), metrics, calls: &n)
        let document = try await c.openapi().ok.body.json
        try expect("openapi", document.openapi == "3.1.0", document.openapi, calls: &n)
        let page = try await String(collecting: c.dashboard().ok.body.html, upTo: 1 << 22)
        try expect("dashboard", page.lowercased().contains("<html"), page, calls: &n)
        return n
    }
}
