import ConvergenceEngine
import HTTPServer
import JSON

/// The handlers the route table (`RouteTable.api`) calls: each turns a matched request into a
/// response through the one `ResponseRenderer`. They read one `ServiceState` per request.
final class RouteHandlers: Sendable {
    let metrics: ServiceMetrics
    let renderer: ResponseRenderer
    let readinessFlag: Readiness

    init(metrics: ServiceMetrics, renderer: ResponseRenderer, readiness: Readiness) {
        self.metrics = metrics
        self.renderer = renderer
        readinessFlag = readiness
    }

    /// The calculators, which share a body shape and a GET form.
    enum Calculator: Sendable { case moeCost, loadImbalance, contextCost }

    // MARK: Rendered and live representations

    /// A representation rendered with the state (keyed by the decoded path), or a 404 naming
    /// what was asked for.
    func rendered(_ request: HTTPRequest, _ route: RouteContext, missing: (String) -> String) -> HTTPResponse {
        cached(route.path, request, state: route.state) { missing(route.id) }
    }

    /// A cached representation by key, or a 404 naming what was asked for.
    func cached(_ key: String, _ request: HTTPRequest, state s: ServiceState, missing: () -> String) -> HTTPResponse {
        guard let entry = s.rendered[key] else { return APIProblem.notFound(missing()).response }
        return entry.response(to: request)
    }

    func readiness(_ request: HTTPRequest, _ route: RouteContext) -> HTTPResponse {
        if readinessFlag.isDraining { return APIProblem.unavailable("draining: the service is shutting down").response }
        return rendered(request, route) { _ in "ready" }
    }

    /// An ETag on every GET: the exposition changes with every request counted, so the tag
    /// rarely validates, but a poller that sends it back gets 304 when idle. Gzip when the
    /// scraper asks (Prometheus does), as for every other representation.
    func metricsExposition(_ request: HTTPRequest, _ route: RouteContext) -> HTTPResponse {
        CachedResponse(body: metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8",
                       gzipMinimumBytes: route.state.settings.gzipMinimumBytes).response(to: request)
    }

    func classifyQuery(_ request: HTTPRequest, state s: ServiceState) -> HTTPResponse {
        let query = QueryParameters(request.query)
        if let bad = malformed(query) { return bad }
        if query.names.isEmpty {
            return classifyScore(query["score"], present: query.count(of: "score"), request, state: s)
        }
        return scoreQuery(request, state: s, classify: true)
    }

    /// The parsed JSON body of a POST, or the 415/400 answer, or 413 for an array or object
    /// of more than `maximumEntries` entries (the parse stops there).
    func jsonBody(_ request: HTTPRequest, maximumEntries: Int) -> Result<JSONValue, APIProblem> {
        // The usual case first, compared without splitting or lowercasing.
        if let type = request.headers["Content-Type"], !HTTPHeaders.equalNames(type, "application/json") {
            let media = type.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces.lowercased() } ?? ""
            // curl -d sends application/x-www-form-urlencoded; its body is still our JSON.
            guard media.isEmpty || media == "application/json" || media.hasSuffix("+json")
                || media == "application/x-www-form-urlencoded" else {
                return .failure(.unsupportedMediaType(type))
            }
        }
        do {
            return .success(try JSONParser.parse(request.body, options: JSONParser.Options.requestBody.limitingEntries(to: maximumEntries)))
        } catch {
            if let pointer = error.tooManyEntriesAt {
                return .failure(.tooManyItems(at: pointer, count: nil, limit: error.exceededLimit ?? maximumEntries))
            }
            return .failure(.malformedJSON("the body is not valid JSON: \(error.description)"))
        }
    }

    /// The 413 for a list in the body with more than `limits.batchItems` entries, checked
    /// before any entry is read, so the work per request stays bounded.
    func tooManyItems(_ count: Int, at pointer: String, state s: ServiceState) -> HTTPResponse? {
        guard count > s.settings.maxBatchItems else { return nil }
        return APIProblem.tooManyItems(at: pointer, count: count, limit: s.settings.maxBatchItems).response
    }

    /// 422 naming query parameters whose percent-encoding is broken (or decodes to NUL).
    func malformed(_ query: QueryParameters) -> HTTPResponse? {
        guard !query.malformed.isEmpty else { return nil }
        return unprocessable(ValidationError(problems: query.malformed.map {
            .init(pointer: "/" + JSONPointer.escape($0), detail: "is not valid percent-encoded UTF-8 (or contains NUL)")
        }))
    }

    /// Problem details for an engine validation error: 422 with every pointer.
    func unprocessable(_ error: ValidationError) -> HTTPResponse {
        var problem = APIProblem.unprocessable(
            "Unprocessable request", errors: error.problems.map { .init(pointer: $0.pointer, detail: $0.detail) })
        problem.detail = error.summary
        return problem.response
    }

    // MARK: Catalog

    func table(_ request: HTTPRequest, _ route: RouteContext) -> HTTPResponse {
        let (id, s) = (route.id, route.state)
        let query = QueryParameters(request.query)
        if let bad = malformed(query) { return bad }
        var problems: [ValidationError.Problem] = []
        let format = Self.option(query, "format", ["json", "csv"], &problems)
        // `lang=zh`: the CSV in the source document's words (JSON carries both languages).
        let lang = Self.option(query, "lang", ["en", "zh"], &problems)
        if !problems.isEmpty { return unprocessable(ValidationError(problems: problems)) }
        let csv = format.map { $0 == "csv" } ?? request.headers["Accept"].map(Self.prefersCSV) ?? false
        let source = lang == "zh"
        // Each variant's Vary names Accept as well (`ServiceState.render`).
        let key = csv ? route.path + (source ? "#csv-zh" : "#csv") : route.path
        return cached(key, request, state: s) { "unknown table \"\(id)\"" }
    }

    /// A query parameter given at most once and one of `allowed`; nil when absent or bad (then
    /// the problem is reported).
    static func option(_ query: QueryParameters, _ name: String, _ allowed: [String],
                       _ problems: inout [ValidationError.Problem]) -> String? {
        if query.count(of: name) > 1 {
            problems.append(.init(pointer: "/" + name, detail: "must be given once"))
            return nil
        }
        guard let value = query[name] else { return nil }
        guard allowed.contains(value) else {
            problems.append(.init(pointer: "/" + name, detail: "must be \(allowed.joined(separator: " or ")), got \"\(value)\""))
            return nil
        }
        return value
    }

    /// `text/csv` wins when listed with a higher quality than JSON (or JSON is not listed).
    static func prefersCSV(_ accept: String) -> Bool {
        var csvQ = -1.0
        var jsonQ = -1.0
        QualityValues.forEach(accept) { type, q in
            if type == "text/csv" { csvQ = max(csvQ, q) }
            if type == "application/json" || type == "application/*" { jsonQ = max(jsonQ, q) }
            return true
        }
        return csvQ > 0 && csvQ > jsonQ
    }

    func technologies(_ request: HTTPRequest, state s: ServiceState) -> HTTPResponse {
        let query = QueryParameters(request.query)
        if let bad = malformed(query) { return bad }
        let level = query["level"]
        let sourceLevel = query["sourceLevel"]
        var problems: [ValidationError.Problem] = []
        for (name, value) in [("level", level), ("sourceLevel", sourceLevel)] {
            if query.count(of: name) > 1 { problems.append(.init(pointer: "/" + name, detail: "must be given once")) }
            if let value, s.engine.levels.first(where: { $0.id == value }) == nil {
                let ids = s.engine.levels.map(\.id).joined(separator: ", ")
                problems.append(.init(pointer: "/" + name, detail: "must be one of \(ids), got \"\(value)\""))
            }
        }
        if !problems.isEmpty { return unprocessable(ValidationError(problems: problems)) }
        switch (level, sourceLevel) {
        case (nil, nil): return cached("/technologies", request, state: s) { "technologies" }
        case (let l?, nil): return cached("/technologies?level=" + l, request, state: s) { "level \(l)" }
        case (nil, let l?): return cached("/technologies?sourceLevel=" + l, request, state: s) { "level \(l)" }
        case (let l?, let sl?):
            do {
                return renderer.json(try s.engine.technologySummaries(level: l, sourceLevel: sl), request, state: s)
            } catch {
                return APIProblem.notFound(error.description).response
            }
        }
    }

    // MARK: Scoring

    func scoreQuery(_ request: HTTPRequest, state s: ServiceState, classify: Bool) -> HTTPResponse {
        var problems: [ValidationError.Problem] = []
        let scoreRequest = RequestMapping.scoreRequest(query: QueryParameters(request.query), problems: &problems)
        if !problems.isEmpty { return unprocessable(ValidationError(problems: problems)) }
        var levels: [String] = []
        defer { recordClassifications(levels) }
        return evaluate([scoreRequest], batch: false, request, state: s, classify: classify, levels: &levels)
    }

    /// `POST /score` and `POST /classify`: a body answered lately is answered again from the
    /// state's `ResultMemo` (its levels counted again); any other is parsed, scored and, when
    /// the memo may keep the answer, kept.
    func scoreBody(_ request: HTTPRequest, _ route: RouteContext, classify: Bool) -> HTTPResponse {
        let s = route.state
        let query = ResultMemo.query(for: request, classify: classify)
        if let query, let known = s.resultMemo.entry(for: query) {
            recordClassifications(known.levels)
            return known.response
        }
        let body: JSONValue
        switch jsonBody(request, maximumEntries: s.settings.maxBatchItems) {
        case .success(let parsed): body = parsed
        case .failure(let problem): return problem.response
        }
        var levels: [String] = []
        defer { recordClassifications(levels) }
        let response = score(body, request, state: s, classify: classify, levels: &levels)
        if let query { s.resultMemo.store(response, levels: levels, for: query) }
        return response
    }

    func recordClassifications(_ levels: [String]) {
        for level in levels { metrics.recordClassification(level: level) }
    }

    /// Scores (or classifies) a parsed body; `levels` gets the level of each result.
    func score(_ body: JSONValue, _ request: HTTPRequest, state s: ServiceState, classify: Bool,
               levels: inout [String]) -> HTTPResponse {
        var problems: [ValidationError.Problem] = []
        if case .array(let items) = body {
            if items.isEmpty {
                return unprocessable(ValidationError(pointer: "", detail: "a batch must hold at least one request"))
            }
            if let tooMany = tooManyItems(items.count, at: "", state: s) { return tooMany }
            var requests: [ScoreRequest] = []
            requests.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                if let r = RequestMapping.scoreRequest(item, base: "/" + String(i), problems: &problems) { requests.append(r) }
            }
            if !problems.isEmpty { return unprocessable(ValidationError(problems: problems)) }
            return evaluate(requests, batch: true, request, state: s, classify: classify, levels: &levels)
        }
        guard let single = RequestMapping.scoreRequest(body, base: "", problems: &problems), problems.isEmpty else {
            return unprocessable(ValidationError(problems: problems))
        }
        return evaluate([single], batch: false, request, state: s, classify: classify, levels: &levels)
    }

    func evaluate(_ requests: [ScoreRequest], batch: Bool, _ request: HTTPRequest, state s: ServiceState, classify: Bool,
                  levels: inout [String]) -> HTTPResponse {
        do {
            if classify {
                if batch {
                    let results = try s.engine.classify(batch: requests)
                    for r in results { if let level = r.level { levels.append(level.id) } }
                    // A classification is written in about 2.3 KB, a score in about 0.6 KB.
                    return renderer.json(results, request, state: s, capacity: results.count * 2_400)
                }
                let result = try s.engine.classify(requests[0])
                if let level = result.level { levels.append(level.id) }
                return renderer.json(result, request, state: s)
            }
            if batch {
                let results = try s.engine.score(batch: requests)
                for r in results { if let level = r.level { levels.append(level.id) } }
                return renderer.json(results, request, state: s, capacity: results.count * 640)
            }
            let result = try s.engine.score(requests[0])
            if let level = result.level { levels.append(level.id) }
            return renderer.json(result, request, state: s)
        } catch {
            return unprocessable(error)
        }
    }

    func classifyScore(_ text: String?, present: Int, _ request: HTTPRequest, state s: ServiceState) -> HTTPResponse {
        guard let text else {
            return unprocessable(ValidationError(pointer: "/score", detail: "is required (or give indicators as for /score)", code: .missing))
        }
        if present > 1 { return unprocessable(ValidationError(pointer: "/score", detail: "must be given once")) }
        guard let x = RequestMapping.parseNumber(text) else {
            return unprocessable(ValidationError(pointer: "/score", detail: "must be a number, got \"\(text)\""))
        }
        return classify(score: x, request, state: s)
    }

    func classify(score: Double, _ request: HTTPRequest, state s: ServiceState) -> HTTPResponse {
        do {
            let result = try s.engine.classify(score: score)
            if let level = result.level { metrics.recordClassification(level: level.id) }
            return renderer.json(result, request, state: s)
        } catch {
            return unprocessable(error)
        }
    }

    // MARK: Comparisons

    /// `approaches` (market shares) or `items` (indicator sets), never both.
    func compare(_ body: JSONValue, _ request: HTTPRequest, state s: ServiceState) -> HTTPResponse {
        guard case .object = body else {
            return unprocessable(ValidationError(pointer: "", detail: "must be an object with approaches or items, got \(body.typeName)"))
        }
        if let approaches = body["approaches"] {
            if body["items"] != nil {
                return unprocessable(ValidationError(pointer: "/items", detail: "give either approaches or items, not both"))
            }
            return compareShares(approaches, request, state: s)
        }
        guard let items = body["items"] else {
            return unprocessable(ValidationError(pointer: "/approaches", detail: "give approaches (shares) or items (indicators) to compare", code: .missing))
        }
        return compareItems(items, body, request, state: s)
    }

    /// The market analysis of `approaches: [{name, share}]`.
    func compareShares(_ approaches: JSONValue, _ request: HTTPRequest, state s: ServiceState) -> HTTPResponse {
        guard case .array(let list) = approaches else {
            return unprocessable(ValidationError(pointer: "/approaches", detail: "must be an array, got \(approaches.typeName)"))
        }
        if let tooMany = tooManyItems(list.count, at: "/approaches", state: s) { return tooMany }
        var problems: [ValidationError.Problem] = []
        let shares = list.enumerated().map { i, item in
            RequestMapping.approachShare(item, base: "/approaches/" + String(i), problems: &problems)
        }
        do {
            return renderer.json(try s.engine.analyzeMarket(shares, inputProblems: problems), request, state: s)
        } catch {
            return unprocessable(error)
        }
    }

    /// Indicator sets scored side by side, under `model` or `weights` when given.
    func compareItems(_ items: JSONValue, _ body: JSONValue, _ request: HTTPRequest, state s: ServiceState) -> HTTPResponse {
        guard case .array(let list) = items else {
            return unprocessable(ValidationError(pointer: "/items", detail: "must be an array, got \(items.typeName)"))
        }
        if let tooMany = tooManyItems(list.count, at: "/items", state: s) { return tooMany }
        var problems: [ValidationError.Problem] = []
        let requests = list.enumerated().map { i, item in
            // A placeholder for an unreadable item keeps the indices of the others.
            RequestMapping.scoreRequest(item, base: "/items/" + String(i), problems: &problems) ?? ScoreRequest()
        }
        let model = RequestMapping.modelSelector(body, problems: &problems)
        do {
            return renderer.json(try s.engine.compare(items: requests, model: model, inputProblems: problems), request, state: s)
        } catch {
            return unprocessable(error)
        }
    }

    // MARK: Calculators

    func calculator(_ body: JSONValue, _ request: HTTPRequest, _ route: Calculator, state s: ServiceState) -> HTTPResponse {
        guard case .object(let members) = body else {
            return unprocessable(ValidationError(pointer: "", detail: "must be an object, got \(body.typeName)"))
        }
        // The engine checks shapes and values together (every bad field at once); the service
        // adds its more specific shape details ("got string") as inputProblems.
        var fields: [String: CalculatorInput.Field] = [:]
        var problems: [ValidationError.Problem] = []
        if route == .loadImbalance, case .array(let loads)? = body["loads"],
           let tooMany = tooManyItems(loads.count, at: "/loads", state: s) {
            return tooMany
        }
        let known: Set<String> = switch route {
        case .moeCost: ["experts", "active", "totalParams", "activeParams"]
        case .loadImbalance: ["loads"]
        case .contextCost: ["contextTokens", "retrievedTokens", "width"]
        }
        for (name, value) in members where known.contains(name) {
            let pointer = "/" + JSONPointer.escape(name)
            switch value {
            // In a body `loads` is an array, as the OpenAPI document says (a lone number is
            // only the GET form `loads=5`).
            case .number(let x) where name != "loads": fields[name] = .number(x)
            case .array(let items) where name == "loads":
                fields[name] = .array(items.enumerated().map { i, item in
                    if case .number(let x) = item { return x }
                    problems.append(.init(pointer: pointer + "/" + String(i), detail: "must be a number, got \(item.typeName)"))
                    return nil
                })
            default:
                fields[name] = .invalid
                let expected = name == "loads" ? "an array of numbers" : "a number"
                problems.append(.init(pointer: pointer, detail: "must be \(expected), got \(value.typeName)"))
            }
        }
        let input = CalculatorInput(fields: fields, inputProblems: problems)
        do {
            switch route {
            case .moeCost: return renderer.json(try s.engine.moeCost(input), request, state: s)
            case .loadImbalance: return renderer.json(try s.engine.loadImbalance(input), request, state: s)
            case .contextCost: return renderer.json(try s.engine.contextCost(input), request, state: s)
            }
        } catch {
            return unprocessable(error)
        }
    }

    /// The calculators as GET: the same members as query parameters (`loads=1,2,3`).
    func calculatorQuery(_ request: HTTPRequest, _ route: Calculator, state s: ServiceState) -> HTTPResponse {
        let query = QueryParameters(request.query)
        if let bad = malformed(query) { return bad }
        var members: [(String, JSONValue)] = []
        var problems: [ValidationError.Problem] = []
        for name in query.names {
            let text = query[name] ?? ""
            if query.count(of: name) > 1 {
                problems.append(.init(pointer: "/" + JSONPointer.escape(name), detail: "must be given once"))
                continue
            }
            if route == .loadImbalance && name == "loads" {
                var items: [JSONValue] = []
                for (i, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
                    // Unsigned, as the document's pattern for `loads` says (so "-0" is refused too).
                    if part.first == "-" {
                        problems.append(.init(pointer: "/loads/" + String(i), detail: "must be at least 0 and unsigned, got \"\(part)\""))
                    } else if let x = RequestMapping.parseNumber(String(part)) { items.append(.number(x)) } else {
                        problems.append(.init(pointer: "/loads/" + String(i), detail: "must be a number, got \"\(part)\""))
                    }
                }
                members.append((name, .array(items)))
            } else if let x = RequestMapping.parseNumber(text) {
                members.append((name, .number(x)))
            } else {
                members.append((name, .string(text)))
            }
        }
        if !problems.isEmpty { return unprocessable(ValidationError(problems: problems)) }
        return calculator(.object(members), request, route, state: s)
    }
}
