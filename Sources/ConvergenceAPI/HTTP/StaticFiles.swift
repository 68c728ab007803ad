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
///
/// The walk is bounded whatever the tree holds (docs/limits.md, `Limits`): at most 16
/// directories deep, 4,096 files, 64 MiB, 65,536 directory entries looked at, and a
/// directory already on the path being walked (a symlink to `.` or to a parent, found by
/// device and inode) is a cycle and skipped, so start-up and reload always finish.
public struct StaticFiles: Sendable {
    /// What every dashboard path answers (`/` included, even with no files).
    static let allow = "GET, HEAD, OPTIONS"
    public static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    /// How far a walk goes.
    struct Limits: Sendable {
        var totalBytes = 64 * 1024 * 1024
        var files = 4096
        /// Directories below the root (`Public/a/b` is depth 2).
        var depth = 16
        /// Directory entries read in all, files or not: bounds the walk of a tree of many
        /// directories or of symlinks that are not cycles but fan out.
        var entries = 65_536
    }

    /// Something under the root that was not loaded, and why.
    public struct Skip: Sendable, Equatable, CustomStringConvertible {
        public enum Reason: String, Sendable, Equatable {
            case outsideRoot = "its target is outside the root"
            case cycle = "a symlink cycle (a directory already on its path)"
            case tooDeep = "deeper than the depth limit"
            case tooManyFiles = "over the file-count or size limit"
            case tooManyEntries = "over the limit of directory entries walked"
            case unreadable = "unreadable"
        }

        public var path: String
        public var reason: Reason
        public var description: String { "\(path): skipped (\(reason.rawValue))" }
    }

    /// Key: the URL path with a leading slash (`/index.html`, `/assets/app.js`).
    public let files: [String: CachedResponse]
    public let skipped: [Skip]
    /// Why the root itself could not be read (`No such file or directory`); nil when it was.
    public let rootProblem: String?

    public static let empty = StaticFiles(files: [:], skipped: [], rootProblem: nil)

    init(files: [String: CachedResponse], skipped: [Skip], rootProblem: String?) {
        self.files = files
        self.skipped = skipped
        self.rootProblem = rootProblem
    }

    /// Device and inode: what makes two paths the same directory.
    struct DirectoryID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    public static func load(root: String, gzipMinimumBytes: Int) -> StaticFiles {
        load(root: root, gzipMinimumBytes: gzipMinimumBytes, limits: Limits())
    }

    static func load(root: String, gzipMinimumBytes: Int, limits: Limits) -> StaticFiles {
        guard !root.isEmpty else { return .empty }
        var rootInfo = stat()
        guard let realRoot = realPath(root), stat(realRoot, &rootInfo) == 0 else {
            return StaticFiles(files: [:], skipped: [], rootProblem: lastErrorReason())
        }
        guard (rootInfo.st_mode & S_IFMT) == S_IFDIR else {
            return StaticFiles(files: [:], skipped: [], rootProblem: "not a directory")
        }
        var walker = Walker(realRoot: realRoot, limits: limits, gzipMinimumBytes: gzipMinimumBytes,
                            ancestors: [DirectoryID(rootInfo)])
        walker.walk(realRoot, urlPrefix: "/", depth: 0)
        return StaticFiles(files: walker.files, skipped: walker.skipped, rootProblem: nil)
    }

    /// One walk of the root: every file read once, within the limits, symlinks followed only
    /// inside the root, a directory that is its own ancestor (a cycle) skipped.
    private struct Walker {
        let realRoot: String
        let limits: Limits
        let gzipMinimumBytes: Int
        /// The directories from the root down to the one being read.
        var ancestors: Set<DirectoryID>
        var files: [String: CachedResponse] = [:]
        var skipped: [Skip] = []
        var total = 0
        var entries = 0

        mutating func walk(_ directory: String, urlPrefix: String, depth: Int) {
            guard let dir = opendir(directory) else {
                skipped.append(Skip(path: directory, reason: .unreadable))
                return
            }
            defer { closedir(dir) }
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }  // no dotfiles, no . and ..
                let path = directory + "/" + name
                entries += 1
                guard entries <= limits.entries else {
                    skipped.append(Skip(path: path, reason: .tooManyEntries))
                    return
                }
                guard let resolved = realPath(path),
                      resolved == realRoot || resolved.hasPrefix(realRoot + "/") else {
                    skipped.append(Skip(path: path, reason: .outsideRoot))
                    continue
                }
                var info = stat()
                guard stat(resolved, &info) == 0 else {
                    skipped.append(Skip(path: path, reason: .unreadable))
                    continue
                }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    enter(path, info, urlPrefix: urlPrefix + name + "/", depth: depth)
                } else if (info.st_mode & S_IFMT) == S_IFREG {
                    add(path, resolved: resolved, name: name, info, url: urlPrefix + name)
                }
            }
        }

        mutating func enter(_ path: String, _ info: stat, urlPrefix: String, depth: Int) {
            let id = DirectoryID(info)
            guard !ancestors.contains(id) else {
                skipped.append(Skip(path: path, reason: .cycle))
                return
            }
            guard depth < limits.depth else {
                skipped.append(Skip(path: path, reason: .tooDeep))
                return
            }
            ancestors.insert(id)
            walk(path, urlPrefix: urlPrefix, depth: depth + 1)
            ancestors.remove(id)
        }

        mutating func add(_ path: String, resolved: String, name: String, _ info: stat, url: String) {
            guard files.count < limits.files, total + Int(info.st_size) <= limits.totalBytes else {
                skipped.append(Skip(path: path, reason: .tooManyFiles))
                return
            }
            guard let bytes = readFile(resolved) else {
                skipped.append(Skip(path: path, reason: .unreadable))
                return
            }
            total += bytes.count
            let type = MIMEType.forPath(name)
            var extra: [(String, String)] = [("X-Content-Type-Options", "nosniff")]
            if type.hasPrefix("text/html") { extra.append(("Content-Security-Policy", contentSecurityPolicy)) }
            files[url] = CachedResponse(
                body: bytes, contentType: type,
                gzipMinimumBytes: MIMEType.isCompressible(type) ? gzipMinimumBytes : Int.max,
                cacheControl: "no-cache",
                lastModified: HTTPDate.format(epochSeconds: Int(info.st_mtim.tv_sec)),
                extraHeaders: extra)
        }
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
