import HTTPServer
import JSON

/// What a handler is given: the request, what the route table matched, the parsed body of a
/// POST, and the one state version the whole request reads.
struct RouteRequest {
    let request: HTTPRequest
    /// The decoded path: the key of the state's rendered representations.
    let path: String
    /// The decoded `{id}` segment; empty for a route without one.
    let id: String
    /// The JSON body of a POST (`.null` for GET and HEAD).
    let body: JSONValue
    let state: ServiceState
}
