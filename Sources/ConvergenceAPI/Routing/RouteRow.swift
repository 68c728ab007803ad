import HTTPServer

/// One route of the API: its path template (also its metrics label) and what each method does.
/// HEAD is answered wherever GET is, OPTIONS everywhere; `allow` lists exactly that.
/// A class: every request takes its row, and handing out a reference is one retain where a
/// copy of the row retained each string and closure in it.
final class RouteRow: Sendable {
    /// `/levels/{id}`: literal segments, at most one `{id}`, as the last segment.
    let template: String
    let get: RouteOperation?
    let post: RouteOperation?
    /// The `Allow` value, derived from the operations.
    let allow: String

    init(_ template: String, get: RouteOperation?, post: RouteOperation? = nil) {
        self.template = template
        self.get = get
        self.post = post
        allow = (get == nil ? "" : "GET, HEAD, ") + (post == nil ? "" : "POST, ") + "OPTIONS"
    }

    /// The bounded label for metrics and the access log (never a raw path).
    var metricsLabel: String { template }

    /// The operations with their methods, as the OpenAPI document lists them.
    var operations: [(method: HTTPMethod, operation: RouteOperation)] {
        [get.map { (HTTPMethod.get, $0) }, post.map { (HTTPMethod.post, $0) }].compactMap { $0 }
    }
}
