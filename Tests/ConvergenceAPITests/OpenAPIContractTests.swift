@testable import ConvergenceAPI
import ConvergenceAPITesting
import Foundation
import HTTPServer
import Testing

/// The document (openapi/openapi.json, the API reference in docs/) against the route table:
/// every row is documented under its template with exactly its methods and operation ids, and
/// every documented path has a row (or is the dashboard, `/`).
@Suite struct OpenAPIContractTests {
    /// The operation id of each method of each documented path.
    func documentedOperations() throws -> [String: [String: String]] {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let verbs: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        return paths.mapValues { item in
            var ids: [String: String] = [:]
            for (method, operation) in item where verbs.contains(method) {
                ids[method.uppercased()] = (operation as? [String: Any])?["operationId"] as? String ?? ""
            }
            return ids
        }
    }

    @Test func theEmbeddedDocumentIsTheCheckedInFile() throws {
        let file = RepositoryFilesTests.root.appending(path: "openapi/openapi.json")
        #expect(try String(contentsOf: file, encoding: .utf8) == OpenAPIDocument.json)
        #expect(!OpenAPIDocument.json.isEmpty)
    }

    /// HEAD and OPTIONS are implied by GET and by every route, as the document's description says.
    @Test func everyRouteIsDocumentedWithItsOperations() throws {
        let documented = try documentedOperations()
        for row in RouteTable.api.rows {
            guard let operations = documented[row.template] else {
                Issue.record("route \(row.template) is answered but not in openapi/openapi.json")
                continue
            }
            let answered = Dictionary(uniqueKeysWithValues: row.operations.map { ($0.method.rawValue, $0.operation.id) })
            #expect(operations == answered, "\(row.template): the service answers \(answered), the document lists \(operations)")
        }
    }

    @Test func everyDocumentedPathHasARow() throws {
        for (path, operations) in try documentedOperations() {
            if path == "/" {
                // The dashboard: its files, not a row.
                #expect(operations == ["GET": RouteTable.dashboardOperationID])
                #expect(RouteTable.api.match("/") == nil)
                continue
            }
            // A documented template reaches its row when its `{id}` is filled in.
            let concrete = path.replacingOccurrences(of: "{id}", with: "x")
            #expect(RouteTable.api.row(for: concrete)?.template == path, "documented \(path) reaches no route")
        }
    }
}
