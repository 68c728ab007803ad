public import HTTPServer

/// CORS for a read-mostly public API: configured origins (or `*`), never credentials.
public struct CORSPolicy: Sendable {
    let anyOrigin: Bool
    let origins: Set<String>
    public static let allowedMethods = "GET, HEAD, POST, OPTIONS"
    public static let allowedHeaders = "Content-Type, Accept, Accept-Encoding, If-None-Match, X-Request-ID"
    public static let exposedHeaders = "ETag, X-Request-ID, Content-Length"

    public init(origins: [String]) {
        anyOrigin = origins.contains("*")
        self.origins = Set(origins.filter { $0 != "*" }.map { $0.lowercased() })
    }

    /// The `Access-Control-Allow-Origin` value for this request's `Origin`, or nil to say nothing.
    public func allowOrigin(for origin: String?) -> String? {
        guard let origin else { return nil }
        if anyOrigin { return "*" }
        return origins.contains(origin.lowercased()) ? origin : nil
    }

    /// Adds the response headers for an actual (non-preflight) request.
    public func decorate(_ headers: inout HTTPHeaders, origin: String?) {
        // With a list of origins the answer depends on Origin even when there is none (a
        // cache must not hand an Origin-less response to a browser): always Vary (Fetch, CORS
        // protocol and HTTP caches).
        guard let allowed = allowOrigin(for: origin) else {
            if !anyOrigin { RepresentationHeaders.addVary(&headers, "Origin") }
            return
        }
        headers.add("Access-Control-Allow-Origin", allowed)
        headers.add("Access-Control-Expose-Headers", Self.exposedHeaders)
        if !anyOrigin { RepresentationHeaders.addVary(&headers, "Origin") }
    }

    /// The answer to `OPTIONS` on a route: a preflight when it carries
    /// `Access-Control-Request-Method`, else a plain `Allow` listing.
    public func preflight(origin: String?, requestMethod: String?, allow: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Allow", allow)
        if requestMethod != nil, let allowed = allowOrigin(for: origin) {
            headers.add("Access-Control-Allow-Origin", allowed)
            headers.add("Access-Control-Allow-Methods", allow)
            headers.add("Access-Control-Allow-Headers", Self.allowedHeaders)
            headers.add("Access-Control-Max-Age", "86400")
        }
        if !anyOrigin { RepresentationHeaders.addVary(&headers, "Origin") }
        return HTTPResponse(status: .noContent, headers: headers)
    }
}
