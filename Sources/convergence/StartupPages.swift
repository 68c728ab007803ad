#if canImport(Glibc)
import Glibc
#endif

/// Start-up (parsing arguments, layering settings, loading, checking and rendering the catalog)
/// runs code that serving never touches again, and the kernel maps code in 64 KiB runs around
/// each fault: about 9 MiB of the executable's pages stay resident after start-up, most of the
/// idle footprint, while an idle server needs a few of them. Once listening (and after each
/// reload), the read-only file mappings (the executable, libc, libstdc++ …) are handed back to
/// the kernel with `MADV_PAGEOUT` (Linux 5.4+). The kernel reclaims only pages no other process
/// maps, and what serving needs faults back in (from the page cache, or the file).
enum StartupPages {
    /// Returns how many mappings were advised (0 where unsupported: nothing changes then).
    @discardableResult
    static func release() -> Int {
        #if os(Linux)
        guard let maps = fopen("/proc/self/maps", "r") else { return 0 }
        defer { fclose(maps) }
        var advised = 0
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, maps) > 0, let line {
            guard let range = readOnlyFileMapping(String(cString: line)),
                  let address = UnsafeMutableRawPointer(bitPattern: range.lowerBound) else { continue }
            if madvise(address, Int(range.upperBound - range.lowerBound), MADV_PAGEOUT) == 0 { advised += 1 }
        }
        return advised
        #else
        return 0
        #endif
    }

    /// The address range of one `/proc/self/maps` line ("start-end perms offset dev inode
    /// path") when it maps a file read-only; nil for the heap, stacks, anonymous or writable
    /// mappings and `[vdso]`-style pseudo-paths.
    static func readOnlyFileMapping(_ line: Substring) -> Range<UInt>? {
        let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        // The path is padded with spaces, which `maxSplits` leaves on it.
        guard fields.count == 6, fields[1].hasPrefix("r"), !fields[1].contains("w"),
              fields[5].drop(while: { $0 == " " }).hasPrefix("/") else { return nil }
        let bounds = fields[0].split(separator: "-")
        guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16),
              end > start else { return nil }
        return start..<end
    }

    static func readOnlyFileMapping(_ line: String) -> Range<UInt>? { readOnlyFileMapping(line[...]) }
}
