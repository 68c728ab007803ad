@testable import ConvergenceAPI
import ConvergenceAPITesting
import HTTPServer
import Testing

/// The route table: matching on decoded paths, `Allow` derived from the operations, and each
/// operation's declared cacheability as the responder renders it.
@Suite struct RouteTableTests {
    let table = RouteTable.api

    /// The template and id a decoded path reaches, or nil for a dashboard file.
    func matched(_ path: String) -> (template: String, id: String)? {
        table.match(path).map { (table.rows[$0.row].template, $0.id) }
    }

    @Test func matching() {
        #expect(matched("/score")?.template == "/score")
        #expect(matched("/levels/L2")?.template == "/levels/{id}")
        #expect(matched("/levels/L2")?.id == "L2")
        #expect(matched("/calculators/moe-cost")?.template == "/calculators/moe-cost")
        #expect(matched("/calculators/moe-cost")?.id == "")
        #expect(matched("/compare/x")?.template == "/compare/{id}")
        #expect(matched("/tables/moe-vs-dense")?.id == "moe-vs-dense")
        #expect(matched("/technologies/a-long-identifier-of-many-bytes")?.id == "a-long-identifier-of-many-bytes")
        // An id is exactly one non-empty segment; anything else is a file path.
        for path in ["/levels/", "/levels//L2", "/levels/L2/x", "/healthz/", "/calculators", "/calculators/other",
                     "/unknown/x", "healthz", "", "/", "/index.html", "/Healthz"] {
            #expect(matched(path) == nil, "\(path)")
        }
    }

    /// HEAD goes with GET and OPTIONS with every route, as RFC 9110 §9.3.2 and CORS need.
    @Test func allowListsTheOperations() {
        #expect(table.row(for: "/levels")?.allow == "GET, HEAD, OPTIONS")
        #expect(table.row(for: "/score")?.allow == "GET, HEAD, POST, OPTIONS")
        #expect(table.row(for: "/compare")?.allow == "GET, HEAD, POST, OPTIONS")
        #expect(table.row(for: "/compare/moe-vs-dense")?.allow == "GET, HEAD, OPTIONS")
        // `OPTIONS *` (RFC 9110 §9.3.7): what the server as a whole answers.
        #expect(table.methods == [.get, .head, .post, .options])
    }

    /// A request each operation answers 200 (ids from config/, inputs from openapi/openapi.json).
    static let samples: [String: (get: String, post: String?)] = [
        "/score": ("/score?adoption=0.6&standardization=0.7&controversy=0.3", #"{"technology":"moe-vs-dense"}"#),
        "/classify": ("/classify?score=0.68", #"{"score":0.68}"#),
        "/levels": ("/levels", nil), "/levels/{id}": ("/levels/L2", nil),
        "/models": ("/models", nil), "/models/{id}": ("/models/formal", nil),
        "/compare": ("/compare", #"{"approaches":[{"name":"A","share":0.6},{"name":"B","share":0.4}]}"#),
        "/compare/{id}": ("/compare/moe-vs-dense", nil),
        "/tables": ("/tables", nil), "/tables/{id}": ("/tables/levels", nil),
        "/technologies": ("/technologies", nil), "/technologies/{id}": ("/technologies/rlhf", nil),
        "/errata": ("/errata", nil),
        "/calculators/moe-cost": ("/calculators/moe-cost?experts=8&active=2", #"{"experts":8,"active":2}"#),
        "/calculators/load-imbalance": ("/calculators/load-imbalance?loads=1,2,3", #"{"loads":[1,2,3]}"#),
        "/calculators/context-cost": ("/calculators/context-cost?contextTokens=131072&retrievedTokens=4096&width=4096",
                                      #"{"contextTokens":131072,"retrievedTokens":4096,"width":4096}"#),
        "/healthz": ("/healthz", nil), "/readyz": ("/readyz", nil), "/metrics": ("/metrics", nil),
        "/openapi.json": ("/openapi.json", nil),
    ]

    /// Rendered and computed GETs carry an ETag and `no-cache` (and revalidate to 304);
    /// `noStore` operations say `no-store`; every answer is labelled with its template.
    @Test func cacheabilityIsWhatTheResponderSends() throws {
        let h = try APITestClient()
        for row in table.rows {
            let sample = try #require(Self.samples[row.template], "no sample for \(row.template)")
            for (method, operation) in row.operations {
                let r = method == .get ? try h.get(sample.get) : try h.post(row.template, try #require(sample.post))
                #expect(r.status == 200, "\(method) \(row.template): \(r.bodyText)")
                #expect(r.route == row.metricsLabel)
                switch operation.cacheability {
                case .rendered, .computed:
                    #expect(r.headers["Cache-Control"] == "no-cache", "\(operation.id)")
                    let tag = try #require(r.headers["ETag"], "\(operation.id) has no ETag")
                    #expect(try h.get(sample.get, headers: [("If-None-Match", tag)]).status == 304, "\(operation.id)")
                case .noStore:
                    #expect(r.headers["Cache-Control"] == "no-store", "\(operation.id)")
                }
            }
        }
    }

    /// Every representation the state renders is reached by the row that serves it (keys are
    /// decoded paths; `#csv` and `?level=` mark variants of one row's representation).
    @Test func everyRenderedRepresentationHasItsRow() throws {
        let h = try APITestClient()
        for key in h.service.current.rendered.keys {
            let path = String(key.prefix { $0 != "#" && $0 != "?" })
            let row = try #require(table.row(for: path), "\(key) is rendered but no route serves it")
            #expect(row.get?.cacheability != .computed, "\(key) is rendered for \(row.template), which computes per request")
        }
    }
}
