public import HTTPServer

/// The headers of every representation the service sends (JSON, CSV, files, problems) and of
/// its 304, built here only, always in this order: `Content-Type`, `ETag`, `Cache-Control`,
/// `Last-Modified`, `Vary`, `Content-Encoding`, then extra fields. A 304 passes no content
/// type and no encoding (RFC 9110 §15.4.5: the validators and `Vary` of the 200 it stands for).
public enum RepresentationHeaders {
    public static func make(contentType: String?, etag: String?, cacheControl: String, lastModified: String? = nil,
                            variesWithEncoding: Bool, gzip: Bool, alsoVaries: String? = nil,
                            extra: [(String, String)] = []) -> HTTPHeaders {
        var h = HTTPHeaders()
        if let contentType { h.add("Content-Type", contentType) }
        if let etag { h.add("ETag", etag) }
        h.add("Cache-Control", cacheControl)
        if let lastModified { h.add("Last-Modified", lastModified) }
        // One Vary field, as `addVary` keeps it: Accept-Encoding first, then `alsoVaries`.
        let varies = [variesWithEncoding ? "Accept-Encoding" : nil, alsoVaries].compactMap { $0 }
        if !varies.isEmpty { h.add("Vary", varies.joined(separator: ", ")) }
        if gzip { h.add("Content-Encoding", "gzip") }
        for (name, value) in extra { h.add(name, value) }
        return h
    }

    /// Adds `name` to the one `Vary` field (caches read the first field only, in practice):
    /// the representation also depends on that request field (`Accept`, `Origin`).
    public static func addVary(_ headers: inout HTTPHeaders, _ name: String) {
        if let existing = headers["Vary"] {
            headers.set("Vary", existing + ", " + name)
        } else {
            headers.add("Vary", name)
        }
    }

    /// Whether a GET's validators match (RFC 9110 §13.1): `If-None-Match` against the tag of
    /// the variant this request would get, else `If-Modified-Since` equal to `Last-Modified`.
    public static func isNotModified(_ request: HTTPRequest, etag: String, lastModified: String?) -> Bool {
        if let inm = request.headers["If-None-Match"] { return EntityTag.matches(ifNoneMatch: inm, tag: etag) }
        guard let lastModified, let ims = request.headers["If-Modified-Since"] else { return false }
        return ims == lastModified
    }
}
