#if canImport(Glibc)
import Glibc
#endif

/// Start-up (parsing arguments, layering settings, loading, checking and rendering the catalog)
/// runs code that serving never touches again, and the kernel maps it in 64 KiB runs: about
/// 9 MiB of the executable's pages stay resident after start-up, most of the idle footprint,
/// while the serving path needs under 1 MiB of them. Once listening (and after each reload),
/// the executable's read-only pages are handed back to the kernel with `MADV_PAGEOUT`
/// (Linux 5.4+): it reclaims those only this process maps; what serving needs faults back in.
enum StartupPages {
    /// Returns how many mappings were advised (0 where unsupported: nothing changes then).
    @discardableResult
    static func release() -> Int {
        #if os(Linux)
        guard let executable = executablePath(), let maps = fopen("/proc/self/maps", "r") else { return 0 }
        defer { fclose(maps) }
        var advised = 0
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, maps) > 0, let line {
            // "start-end perms offset dev inode   path"
            var text = String(cString: line)
            if text.hasSuffix("\n") { text.removeLast() }
            let fields = text.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[1].hasPrefix("r"), !fields[1].contains("w"),
                  text.hasSuffix(" " + executable) else { continue }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16),
                  end > start, let address = UnsafeMutableRawPointer(bitPattern: start) else { continue }
            if madvise(address, Int(end - start), MADV_PAGEOUT) == 0 { advised += 1 }
        }
        return advised
        #else
        return 0
        #endif
    }

    /// The executable's path as /proc/self/maps prints it.
    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
