#if canImport(Glibc)
import Glibc
#endif

/// Start-up (parsing arguments, layering settings, loading, checking and rendering the catalog)
/// runs code that serving never touches again, and the kernel maps code in 64 KiB runs around
/// each fault: about 9 MiB of the executable's and libraries' pages stay resident after
/// start-up, most of the idle footprint. Once listening, the service hands the read-only file
/// mappings back with `MADV_PAGEOUT` (Linux 5.4+). The kernel reclaims the pages no other process
/// maps (they leave memory, page cache included); code that serving needs is read back in from
/// the file on first use, so the first requests after start-up pay a few page faults. Done once,
/// at start-up only: after a reload it would evict the hot serving code under live traffic.
/// Relocated read-only data (RELRO: written once by the loader, so anonymous memory) is left
/// alone, as swapping it out would put page faults on the hot path where swap is on.
enum StartupPages {
    /// One line of `/proc/self/maps`.
    struct Mapping: Equatable {
        var range: Range<UInt>
        var permissions: Substring
        var path: Substring
    }

    /// Returns how many mappings were advised (0 where unsupported: nothing changes then).
    @discardableResult
    static func release() -> Int {
        #if os(Linux)
        guard let maps = fopen("/proc/self/maps", "r") else { return 0 }
        var lines: [String] = []
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        while getline(&line, &capacity, maps) > 0, let line { lines.append(String(cString: line)) }
        free(line)
        fclose(maps)
        var advised = 0
        for range in releasable(lines.compactMap(mapping)) {
            guard let address = UnsafeMutableRawPointer(bitPattern: range.lowerBound) else { continue }
            if madvise(address, Int(range.upperBound - range.lowerBound), MADV_PAGEOUT) == 0 { advised += 1 }
        }
        return advised
        #else
        return 0
        #endif
    }

    /// The read-only file mappings, minus each file's RELRO region: the read-only mapping that
    /// ends exactly where a writable mapping of the same file begins.
    static func releasable(_ mappings: [Mapping]) -> [Range<UInt>] {
        var out: [Range<UInt>] = []
        for (i, m) in mappings.enumerated() {
            guard m.permissions.hasPrefix("r"), !m.permissions.contains("w"), m.path.hasPrefix("/") else { continue }
            if i + 1 < mappings.count {
                let next = mappings[i + 1]
                if next.path == m.path, next.permissions.contains("w"), next.range.lowerBound == m.range.upperBound { continue }
            }
            out.append(m.range)
        }
        return out
    }

    /// Parses "start-end perms offset dev inode   path"; nil for lines it cannot read.
    static func mapping(_ line: String) -> Mapping? {
        var text = line[...]
        if text.hasSuffix("\n") { text = text.dropLast() }
        let fields = text.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        guard fields.count >= 5 else { return nil }
        let bounds = fields[0].split(separator: "-")
        guard bounds.count == 2, let start = UInt(bounds[0], radix: 16), let end = UInt(bounds[1], radix: 16),
              end > start else { return nil }
        // The path is padded with spaces, which `maxSplits` leaves on it; anonymous mappings have none.
        let path = fields.count == 6 ? fields[5].drop(while: { $0 == " " }) : ""
        return Mapping(range: start..<end, permissions: fields[1], path: path)
    }
}
