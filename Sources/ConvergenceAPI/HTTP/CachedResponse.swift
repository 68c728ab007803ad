public import HTTPServer

/// A representation rendered once (per catalog version) with its validators and its gzip
/// variant: serving it is a table lookup and a header comparison, no formatting. A class,
/// so handing it out is one retain; its responses are built once with frozen headers (rendered
/// to wire bytes once), so serving one copies a ready value (building it per request copied
/// it twice).
public final class CachedResponse: Sendable {
    public let body: [UInt8]
    public let etag: String
    let lastModified: String?
    let identity: HTTPResponse
    let notModified: HTTPResponse
    /// Whether a gzip variant exists. Without one the gzip slots hold the identity responses:
    /// optional responses were copied whole by the check that unwrapped them, on every request.
    let compresses: Bool
    let gzip: HTTPResponse
    let notModifiedGzip: HTTPResponse

    public init(body: [UInt8], contentType: String, gzipMinimumBytes: Int,
                cacheControl: String = "no-cache", lastModified: String? = nil, alsoVaries: String? = nil,
                extraHeaders: [(String, String)] = []) {
        self.body = body
        etag = EntityTag.make(body)
        self.lastModified = lastModified
        var compressed: [UInt8]?
        if body.count >= gzipMinimumBytes, let gz = Gzip.compress(body), gz.count < body.count {
            compressed = gz
        }
        func headers(_ tag: String, gzip: Bool, full: Bool) -> HTTPHeaders {
            RepresentationHeaders.make(
                contentType: full ? contentType : nil, etag: tag, cacheControl: cacheControl, lastModified: lastModified,
                variesWithEncoding: compressed != nil, gzip: gzip && full, alsoVaries: alsoVaries,
                extra: full ? extraHeaders : []
            ).frozen()
        }
        identity = HTTPResponse(status: .ok, headers: headers(etag, gzip: false, full: true), body: body)
        notModified = HTTPResponse(status: .notModified, headers: headers(etag, gzip: false, full: false))
        compresses = compressed != nil
        if let compressed {
            let tag = EntityTag.gzipVariant(etag)
            gzip = HTTPResponse(status: .ok, headers: headers(tag, gzip: true, full: true), body: compressed)
            notModifiedGzip = HTTPResponse(status: .notModified, headers: headers(tag, gzip: true, full: false))
        } else {
            gzip = identity
            notModifiedGzip = notModified
        }
    }

    public func response(to request: HTTPRequest) -> HTTPResponse {
        guard compresses, Gzip.accepted(by: request.headers["Accept-Encoding"]) else {
            return RepresentationHeaders.isNotModified(request, etag: etag, lastModified: lastModified) ? notModified : identity
        }
        // The tag of the variant this request gets: the other one does not validate it.
        let tag = EntityTag.gzipVariant(etag)
        return RepresentationHeaders.isNotModified(request, etag: tag, lastModified: lastModified) ? notModifiedGzip : gzip
    }
}
