import ConvergenceEngine
public import HTTPServer
import JSON

/// Turns results into responses, and gives every response the headers that do not depend on
/// what it holds. Representation headers (type, validators, caching, gzip) come from
/// `RepresentationHeaders`; CORS is added in `finish`, once per response, the server's own
/// errors included.
public struct ResponseRenderer: Sendable {
    init() {}

    // MARK: Bodies

    /// JSON for a computed result; GET responses get an ETag (and 304), large ones gzip.
    /// `capacity`: the bytes expected, for a large answer (a batch), so the writer does not
    /// regrow and copy it a dozen times on the way.
    func json<T: JSONWritable>(_ value: T, _ request: HTTPRequest, state s: ServiceState, status: HTTPStatus = .ok,
                               capacity: Int = 1024) -> HTTPResponse {
        var writer = JSONWriter(capacity: capacity, fragments: s.fragments)
        value.write(to: &writer)
        guard !writer.wroteNonFiniteNumber else {
            // The inputs were finite but the result overflowed (a calculator's product).
            return APIProblem.unprocessable("Result out of range", errors: [
                .init(pointer: "", detail: "the inputs give a result too large to represent as a JSON number"),
            ]).response
        }
        return representation(body: writer.takeBytes(), contentType: ServiceState.jsonType, request, state: s, status: status)
    }

    /// A body computed for this request: a GET gets an ETag (and 304 when it validates) and
    /// `no-cache`, anything else `no-store`; at least `gzip.minimumBytes` it is gzipped for a
    /// client that accepts it.
    func representation(body: [UInt8], contentType: String, _ request: HTTPRequest, state s: ServiceState,
                        status: HTTPStatus = .ok) -> HTTPResponse {
        let isGet = request.method == .get || request.method == .head
        let varies = body.count >= s.settings.gzipMinimumBytes
        // The encoding is chosen first: each variant has its own tag, and only the tag of the
        // variant this request would get validates it (RFC 9110 §13.1.2).
        var gzipped: [UInt8]?
        if varies, Gzip.accepted(by: request.headers["Accept-Encoding"]), let gz = Gzip.compress(body), gz.count < body.count {
            gzipped = gz
        }
        var tag: String?
        if isGet {
            let identityTag = EntityTag.make(body)
            let variantTag = gzipped == nil ? identityTag : EntityTag.gzipVariant(identityTag)
            if RepresentationHeaders.isNotModified(request, etag: variantTag, lastModified: nil) {
                return HTTPResponse(status: .notModified, headers: RepresentationHeaders.make(
                    contentType: nil, etag: variantTag, cacheControl: "no-cache", variesWithEncoding: varies, gzip: false))
            }
            tag = variantTag
        }
        if !isGet, !varies, contentType == ServiceState.jsonType {
            return HTTPResponse(status: status, headers: Self.unstoredJSONHeaders, body: body)
        }
        let headers = RepresentationHeaders.make(
            contentType: contentType, etag: tag, cacheControl: isGet ? "no-cache" : "no-store",
            variesWithEncoding: varies, gzip: gzipped != nil)
        return HTTPResponse(status: status, headers: headers, body: gzipped ?? body)
    }

    /// The headers of a small JSON result that is never stored (a POST's: no validator, no
    /// gzip variant), the most common computed response: frozen once, so a response builds no
    /// list of fields and the server renders none of them again.
    static let unstoredJSONHeaders = RepresentationHeaders.make(
        contentType: ServiceState.jsonType, etag: nil, cacheControl: "no-store", variesWithEncoding: false, gzip: false
    ).frozen()

    // MARK: Every response

    /// The headers every response gets, whoever made it: unless `cors` is nil (a preflight
    /// carries its own; a head that was never parsed has no `Origin`), the CORS headers for
    /// `origin`. (`X-Request-ID` is the server's: `ConvergenceService.configure(_:)`.)
    func finish(_ response: inout HTTPResponse, cors: CORSPolicy?, origin: String?) {
        cors?.decorate(&response.headers, origin: origin)
    }

    /// The server's own error responses (413, 408, framing 400, …), in the service's problem format.
    public static func serverError(_ status: HTTPStatus, detail: String) -> HTTPResponse {
        let kind: String
        switch status.code {
        case 400: kind = "bad-request"
        case 408: kind = "request-timeout"
        case 413: kind = "content-too-large"
        case 414: kind = "uri-too-long"
        case 431: kind = "header-fields-too-large"
        case 501: kind = "not-implemented"
        case 503: kind = "unavailable"
        case 505: kind = "http-version-not-supported"
        default: kind = "http-error"
        }
        return APIProblem(status: status, kind: kind, title: status.reason, detail: detail).response
    }
}
