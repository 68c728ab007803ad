public import HTTPServer

/// A representation rendered once (per catalog version) with its validators and its gzip
/// variant: serving it is a dictionary lookup and a header comparison, no formatting. A class,
/// so handing it out is one retain; its headers are frozen (rendered to wire bytes once).
public final class CachedResponse: Sendable {
    public let body: [UInt8]
    public let etag: String
    let gzipBody: [UInt8]?
    let identityHeaders: HTTPHeaders
    let gzipHeaders: HTTPHeaders?
    let notModifiedHeaders: HTTPHeaders
    let notModifiedGzipHeaders: HTTPHeaders?
    let lastModified: String?

    public init(body: [UInt8], contentType: String, gzipMinimumBytes: Int,
                cacheControl: String = "no-cache", lastModified: String? = nil, extraHeaders: [(String, String)] = []) {
        self.body = body
        etag = EntityTag.make(body)
        self.lastModified = lastModified
        var compressed: [UInt8]?
        if body.count >= gzipMinimumBytes, let gz = Gzip.compress(body), gz.count < body.count {
            compressed = gz
        }
        gzipBody = compressed
        func headers(_ tag: String, gzip: Bool, full: Bool) -> HTTPHeaders {
            RepresentationHeaders.make(
                contentType: full ? contentType : nil, etag: tag, cacheControl: cacheControl, lastModified: lastModified,
                variesWithEncoding: compressed != nil, gzip: gzip && full, extra: full ? extraHeaders : []
            ).frozen()
        }
        identityHeaders = headers(etag, gzip: false, full: true)
        notModifiedHeaders = headers(etag, gzip: false, full: false)
        if compressed != nil {
            let tag = EntityTag.gzipVariant(etag)
            gzipHeaders = headers(tag, gzip: true, full: true)
            notModifiedGzipHeaders = headers(tag, gzip: true, full: false)
        } else {
            gzipHeaders = nil
            notModifiedGzipHeaders = nil
        }
    }

    public func response(to request: HTTPRequest) -> HTTPResponse {
        let useGzip = gzipBody != nil && Gzip.accepted(by: request.headers["Accept-Encoding"])
        // The tag of the variant this request would get: the other one does not validate it.
        if RepresentationHeaders.isNotModified(request, etag: useGzip ? EntityTag.gzipVariant(etag) : etag, lastModified: lastModified) {
            return HTTPResponse(status: .notModified, headers: useGzip ? notModifiedGzipHeaders ?? notModifiedHeaders : notModifiedHeaders)
        }
        if useGzip, let gzipBody, let gzipHeaders {
            return HTTPResponse(status: .ok, headers: gzipHeaders, body: gzipBody)
        }
        return HTTPResponse(status: .ok, headers: identityHeaders, body: body)
    }
}
