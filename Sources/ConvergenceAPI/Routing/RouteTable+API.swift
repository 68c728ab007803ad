/// Every route the service answers, one row each (openapi/openapi.json documents the same
/// paths and operation ids; OpenAPIContractTests holds the two together). Adding a route: a
/// row here and its handler in `RouteHandlers`. Paths that match no row are the dashboard's
/// files (`StaticFiles`), documented as `/`.
extension RouteTable {
    static let api = RouteTable([
        RouteRow("/score",
                 get: RouteOperation("scoreGet", .computed) { $0.scoreQuery($1, state: $2.state, classify: false) },
                 post: RouteOperation("score", .noStore, parsesBody: false) { $0.scoreBody($1, $2, classify: false) }),
        RouteRow("/classify",
                 get: RouteOperation("classifyGet", .computed) { $0.classifyQuery($1, state: $2.state) },
                 post: RouteOperation("classify", .noStore, parsesBody: false) { $0.scoreBody($1, $2, classify: true) }),
        RouteRow("/levels", get: .rendered("levels") { _ in "/levels" }),
        RouteRow("/levels/{id}", get: .rendered("level") { "unknown level \"\($0)\"" }),
        RouteRow("/models", get: .rendered("models") { _ in "/models" }),
        RouteRow("/models/{id}", get: .rendered("model") { "unknown model \"\($0)\"" }),
        RouteRow("/compare",
                 get: .rendered("comparisons") { _ in "/compare" },
                 post: RouteOperation("compare", .noStore) { $0.compare($2.body, $1, state: $2.state) }),
        RouteRow("/compare/{id}", get: .rendered("comparison") { "unknown comparison \"\($0)\" (see GET /compare)" }),
        RouteRow("/tables", get: .rendered("tables") { _ in "/tables" }),
        RouteRow("/tables/{id}", get: RouteOperation("table", .rendered) { $0.table($1, $2) }),
        RouteRow("/technologies", get: RouteOperation("technologies", .rendered) { $0.technologies($1, state: $2.state) }),
        RouteRow("/technologies/{id}", get: .rendered("technology") { "unknown technology \"\($0)\"" }),
        RouteRow("/errata", get: .rendered("errata") { _ in "/errata" }),
        RouteRow("/calculators/moe-cost",
                 get: RouteOperation("moeCostGet", .computed) { $0.calculatorQuery($1, .moeCost, state: $2.state) },
                 post: RouteOperation("moeCost", .noStore) { $0.calculator($2.body, $1, .moeCost, state: $2.state) }),
        RouteRow("/calculators/load-imbalance",
                 get: RouteOperation("loadImbalanceGet", .computed) { $0.calculatorQuery($1, .loadImbalance, state: $2.state) },
                 post: RouteOperation("loadImbalance", .noStore) { $0.calculator($2.body, $1, .loadImbalance, state: $2.state) }),
        RouteRow("/calculators/context-cost",
                 get: RouteOperation("contextCostGet", .computed) { $0.calculatorQuery($1, .contextCost, state: $2.state) },
                 post: RouteOperation("contextCost", .noStore) { $0.calculator($2.body, $1, .contextCost, state: $2.state) }),
        RouteRow("/healthz", get: RouteOperation("healthz", .noStore) { $0.rendered($1, $2) { _ in "health" } }),
        RouteRow("/readyz", get: RouteOperation("readyz", .noStore) { $0.readiness($1, $2) }),
        RouteRow("/metrics", get: RouteOperation("metrics", .computed) { $0.metricsExposition($1, $2) }),
        RouteRow("/openapi.json", get: .rendered("openapi") { _ in "openapi" }),
    ])

    /// The dashboard: no row (its files are not operations), documented as `/` with this id.
    static let dashboardOperationID = "dashboard"
}
