import ConvergenceAPI
import HTTPServer
import Testing

@Test func scratchPrint() throws {
    var settings = ServiceSettings()
    settings.catalogPath = ""
    let service = try ConvergenceService(settings: settings, logSink: nil)
    func show(_ m: HTTPMethod, _ target: String, _ body: String = "", _ headers: [(String, String)] = []) {
        let parts = target.split(separator: "?", maxSplits: 1)
        let req = HTTPRequest(method: m, target: target, path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : nil,
                              headers: HTTPHeaders(headers), body: Array(body.utf8), remoteAddress: "127.0.0.1")
        let r = service.respond(to: req)
        print("### \(m.rawValue) \(target) -> \(r.status.code) \(r.headers.map { "\($0.name): \($0.value)" }.joined(separator: " | "))")
        print(String(decoding: r.body.prefix(700), as: UTF8.self))
    }
    show(.post, "/score", #"{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"model":"extended"}"#)
    show(.post, "/score", #"{"technology":"moe-vs-dense"}"#)
    show(.post, "/score", #"{"adoption":[0.5,0.7],"standardization":[0.5,0.8],"controversy":[0.2,0.5]}"#)
    show(.post, "/score", #"[{"technology":"rlhf"},{},{},{"adoption":1.5,"standardization":0.5,"controversy":0.2}]"#)
    show(.post, "/score", #"{"adoption":0.6,"#)
    show(.get, "/score?adoption=0.6&standardization=0.7&controversy=0.3&model=formal")
    show(.get, "/classify?score=0.68")
    show(.post, "/classify", #"{"score":0.6}"#)
    show(.get, "/levels/L2")
    show(.get, "/models")
    show(.get, "/compare")
    show(.get, "/compare/moe-vs-dense")
    show(.post, "/compare", #"{"approaches":[{"name":"A","share":0.55},{"name":"B","share":0.45}]}"#)
    show(.post, "/compare", #"{"items":[{"technology":"rlhf"},{"technology":"reasoning"}],"model":"formal"}"#)
    show(.get, "/tables")
    show(.get, "/tables/levels?format=csv")
    show(.get, "/technologies?level=L2")
    show(.get, "/technologies/moe-vs-dense")
    show(.get, "/errata")
    show(.post, "/calculators/moe-cost", #"{"experts":8,"active":2}"#)
    show(.get, "/calculators/load-imbalance?loads=1,2,3")
    show(.post, "/calculators/context-cost", #"{"contextTokens":131072,"retrievedTokens":4096,"width":4096}"#)
    show(.get, "/healthz")
    show(.put, "/levels")
    show(.get, "/nope")
    show(.post, "/score", "{}", [("Content-Type", "text/plain")])
}
