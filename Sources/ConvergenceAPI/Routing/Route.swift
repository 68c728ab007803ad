/// Every route of the API. Matching is a switch over path segments: no regexes, no per-request
/// allocation beyond splitting the path. `template` is the metrics label (bounded, never a raw path).
///
/// Not HTTPServer's `Router`, on purpose: this table matches the *decoded* path (`URLDecoding`
/// refuses `%2F`, dot segments and NUL before any match, so `/levels/L%32` is level L2 while the
/// Router compares literal segments raw), every miss under any method falls through to the
/// dashboard's files with their own 405/OPTIONS rules (the Router's 404 has no template and its
/// 405 knows only registered routes), OPTIONS answers a CORS preflight on every route (the Router
/// leaves OPTIONS unsynthesised), and the observer re-derives the metrics label from the same
/// `match`. The handlers switch over this enum, so the compiler checks that every route is served.
public enum Route: Sendable, Equatable {
    case score, classify
    case levels, level(String)
    case models, model(String)
    case comparisons, comparison(String)
    case tables, table(String)
    case technologies, technology(String)
    case errata
    case moeCost, loadImbalance, contextCost
    case healthz, readyz, metrics, openAPI
    /// Anything else under GET: a dashboard file, or 404.
    case staticFile(String)

    public var template: String {
        switch self {
        case .score: "/score"
        case .classify: "/classify"
        case .levels: "/levels"
        case .level: "/levels/{id}"
        case .models: "/models"
        case .model: "/models/{id}"
        case .comparisons: "/compare"
        case .comparison: "/compare/{id}"
        case .tables: "/tables"
        case .table: "/tables/{id}"
        case .technologies: "/technologies"
        case .technology: "/technologies/{id}"
        case .errata: "/errata"
        case .moeCost: "/calculators/moe-cost"
        case .loadImbalance: "/calculators/load-imbalance"
        case .contextCost: "/calculators/context-cost"
        case .healthz: "/healthz"
        case .readyz: "/readyz"
        case .metrics: "/metrics"
        case .openAPI: "/openapi.json"
        case .staticFile: "/{file}"
        }
    }

    /// The methods a route answers (HEAD and OPTIONS included), for `Allow`.
    public var allow: String {
        switch self {
        case .score, .classify, .comparisons, .moeCost, .loadImbalance, .contextCost:
            "GET, HEAD, POST, OPTIONS"
        default:
            "GET, HEAD, OPTIONS"
        }
    }

    public var acceptsPost: Bool {
        switch self {
        case .score, .classify, .comparisons, .moeCost, .loadImbalance, .contextCost: true
        default: false
        }
    }

    /// Maps a decoded path to its route; ids are single decoded segments. No splitting: the
    /// whole path is compared first (most requests name a collection), then `/first/id`.
    /// Segments become `String`s before comparing: short ones are stored inline, and equal
    /// small strings compare as raw bits.
    public static func match(_ path: String) -> Route {
        switch path {
        case "/score": return .score
        case "/classify": return .classify
        case "/levels": return .levels
        case "/models": return .models
        case "/compare": return .comparisons
        case "/tables": return .tables
        case "/technologies": return .technologies
        case "/errata": return .errata
        case "/healthz": return .healthz
        case "/readyz": return .readyz
        case "/metrics": return .metrics
        case "/openapi.json": return .openAPI
        default: break
        }
        let utf8 = path.utf8
        guard utf8.first == UInt8(ascii: "/") else { return .staticFile(path) }
        let firstStart = utf8.index(after: utf8.startIndex)
        guard let slash = utf8[firstStart...].firstIndex(of: UInt8(ascii: "/")) else { return .staticFile(path) }
        let idStart = utf8.index(after: slash)
        // An id is one non-empty segment.
        guard idStart < utf8.endIndex, !utf8[idStart...].contains(UInt8(ascii: "/")) else { return .staticFile(path) }
        let id = String(path[idStart...])
        switch String(path[firstStart..<slash]) {
        case "levels": return .level(id)
        case "models": return .model(id)
        case "compare": return .comparison(id)
        case "tables": return .table(id)
        case "technologies": return .technology(id)
        case "calculators":
            switch id {
            case "moe-cost": return .moeCost
            case "load-imbalance": return .loadImbalance
            case "context-cost": return .contextCost
            default: return .staticFile(path)
            }
        default: return .staticFile(path)
        }
    }
}
