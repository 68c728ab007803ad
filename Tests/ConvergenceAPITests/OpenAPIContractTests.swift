@testable import ConvergenceAPI
import Foundation
import Testing

/// The document (openapi/openapi.json, the API reference in docs/) against the router: every route the service
/// answers is documented with exactly its methods, and every documented operation is answered.
@Suite struct OpenAPIContractTests {
    /// One sample of every route. The switch has no default: a new `Route` case does not compile
    /// until it is sampled here, and so until this suite checks it against the document.
    static func sample(_ route: Route) -> (route: Route, path: String) {
        switch route {
        case .score: (route, "/score")
        case .classify: (route, "/classify")
        case .levels: (route, "/levels")
        case .level: (route, "/levels/L2")
        case .models: (route, "/models")
        case .model: (route, "/models/formal")
        case .comparisons: (route, "/compare")
        case .comparison: (route, "/compare/moe-vs-dense")
        case .tables: (route, "/tables")
        case .table: (route, "/tables/levels")
        case .technologies: (route, "/technologies")
        case .technology: (route, "/technologies/rlhf")
        case .errata: (route, "/errata")
        case .moeCost: (route, "/calculators/moe-cost")
        case .loadImbalance: (route, "/calculators/load-imbalance")
        case .contextCost: (route, "/calculators/context-cost")
        case .healthz: (route, "/healthz")
        case .readyz: (route, "/readyz")
        case .metrics: (route, "/metrics")
        case .openAPI: (route, "/openapi.json")
        // The dashboard: documented as `/`; its assets are files, not operations.
        case .staticFile: (route, "/")
        }
    }

    static let routes: [Route] = [
        .score, .classify, .levels, .level("L2"), .models, .model("formal"), .comparisons, .comparison("moe-vs-dense"),
        .tables, .table("levels"), .technologies, .technology("rlhf"), .errata, .moeCost, .loadImbalance, .contextCost,
        .healthz, .readyz, .metrics, .openAPI, .staticFile("/"),
    ]

    /// The template a route is documented under.
    static func documentedPath(_ route: Route) -> String {
        if case .staticFile = route { return "/" }
        return route.template
    }

    /// Methods the document lists per path (lower case, as OpenAPI spells them).
    func documentedOperations() throws -> [String: Set<String>] {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let verbs: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        return paths.mapValues { Set($0.keys).intersection(verbs) }
    }

    /// The methods a route answers with a representation (HEAD and OPTIONS are implied by GET
    /// and by every route, as the document's description says).
    static func methods(_ route: Route) -> Set<String> {
        Set(route.allow.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            .subtracting(["head", "options"])
    }

    @Test func theEmbeddedDocumentIsTheCheckedInFile() throws {
        let file = RepositoryFilesTests.root.appending(path: "openapi/openapi.json")
        #expect(try String(contentsOf: file, encoding: .utf8) == OpenAPIDocument.json)
        #expect(!OpenAPIDocument.json.isEmpty)
    }

    @Test func everyRouteIsDocumentedWithItsMethods() throws {
        let documented = try documentedOperations()
        for route in Self.routes {
            let sample = Self.sample(route)
            #expect(Route.match(sample.path) == sample.route, "sample \(sample.path) does not reach \(route)")
            let path = Self.documentedPath(route)
            guard let methods = documented[path] else {
                Issue.record("route \(path) is answered but not in openapi/openapi.json")
                continue
            }
            #expect(methods == Self.methods(route),
                    "\(path): the service answers \(Self.methods(route).sorted()), the document lists \(methods.sorted())")
        }
    }

    @Test func everyDocumentedOperationIsAnswered() throws {
        let answered = Dictionary(uniqueKeysWithValues: Self.routes.map { (Self.documentedPath($0), Self.methods($0)) })
        for (path, methods) in try documentedOperations() {
            // A documented template reaches a route when its `{id}` is filled in.
            let concrete = path.replacingOccurrences(of: "{id}", with: "x")
            let route = Route.match(concrete)
            #expect(Self.documentedPath(route) == path, "documented \(path) reaches no route (matches \(route.template))")
            for method in methods {
                #expect(answered[path]?.contains(method) == true, "documented \(method.uppercased()) \(path) is not answered")
            }
        }
    }
}
