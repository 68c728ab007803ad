#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HTTPServer

/// The dashboard: every regular file under `Public/`, read into memory when the service starts
/// or reloads (it is small), so a request never touches the disk. Lookups are exact matches
/// against what was loaded, so no request path can reach outside the root; symlinks whose
/// target leaves the root are skipped while loading.
public struct StaticFiles: Sendable {
    public static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    static let maximumTotalBytes = 64 * 1024 * 1024
    static let maximumFiles = 4096

    /// Key: the URL path with a leading slash (`/index.html`, `/assets/app.js`).
    public let files: [String: CachedResponse]
    public let skipped: [String]

    public static let empty = StaticFiles(files: [:], skipped: [])

    init(files: [String: CachedResponse], skipped: [String]) {
        self.files = files
        self.skipped = skipped
    }

    public static func load(root: String, gzipMinimumBytes: Int) -> StaticFiles {
        guard !root.isEmpty, let realRoot = realPath(root) else { return .empty }
        var files: [String: CachedResponse] = [:]
        var skipped: [String] = []
        var total = 0
        func walk(_ directory: String, urlPrefix: String) {
            guard let dir = opendir(directory) else { return }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }  // no dotfiles, no . and ..
                let path = directory + "/" + name
                guard let resolved = realPath(path),
                      resolved == realRoot || resolved.hasPrefix(realRoot + "/") else {
                    skipped.append(path)
                    continue
                }
                var info = stat()
                guard stat(resolved, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    walk(path, urlPrefix: urlPrefix + name + "/")
                } else if (info.st_mode & S_IFMT) == S_IFREG {
                    guard files.count < maximumFiles, total + Int(info.st_size) <= maximumTotalBytes,
                          let bytes = readFile(resolved) else {
                        skipped.append(path)
                        continue
                    }
                    total += bytes.count
                    let type = MIMEType.forPath(name)
                    var extra: [(String, String)] = [("X-Content-Type-Options", "nosniff")]
                    if type.hasPrefix("text/html") { extra.append(("Content-Security-Policy", contentSecurityPolicy)) }
                    files[urlPrefix + name] = CachedResponse(
                        body: bytes, contentType: type,
                        gzipMinimumBytes: MIMEType.isCompressible(type) ? gzipMinimumBytes : Int.max,
                        cacheControl: "no-cache",
                        lastModified: HTTPDate.format(epochSeconds: Int(info.st_mtim.tv_sec)),
                        extraHeaders: extra)
                }
            }
        }
        walk(realRoot, urlPrefix: "/")
        return StaticFiles(files: files, skipped: skipped)
    }

    /// The file for a decoded URL path: `/` and directory paths map to their `index.html`.
    public func file(for path: String) -> CachedResponse? {
        if path.hasSuffix("/") { return files[path + "index.html"] }
        return files[path]
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Why the `readFile` that just returned nil failed ("No such file or directory"); call it
    /// right away, before another system call changes errno.
    static func lastErrorReason() -> String { String(cString: strerror(errno)) }

    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { return out }
            out.append(contentsOf: chunk[0..<n])
        }
    }
}
