import JSON

/// What a handler is given with the request: what the route table matched, the parsed body of
/// a POST, and the one state version the whole request reads. (The request is passed beside
/// it, borrowed: held here, it was copied for every request, a retain and a release per field.)
struct RouteContext {
    /// The decoded path: the key of the state's rendered representations.
    let path: String
    /// The decoded `{id}` segment; empty for a route without one.
    let id: String
    /// The JSON body of a POST (`.null` for GET and HEAD).
    let body: JSONValue
    let state: ServiceState
}
