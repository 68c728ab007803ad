import Testing
@testable import convergence

@Suite struct StartupPagesTests {
    /// An excerpt of a real /proc/self/maps (static build), with a library and pseudo-paths.
    static let maps = """
        5559130df000-555914028000 r-xp 00000000 fe:00 16236671                   /usr/bin/convergence
        555914029000-55591408b000 r--p 00f49000 fe:00 16236671                   /usr/bin/convergence
        55591408b000-5559142af000 rw-p 00fab000 fe:00 16236671                   /usr/bin/convergence
        5559142af000-55591434a000 rw-p 00000000 00:00 0 
        555915000000-555915100000 rw-p 00000000 00:00 0                          [heap]
        7f5845200000-7f5845299000 r--p 00000000 fe:00 333671                     /usr/lib/libstdc++.so.6.0.30
        7f5845299000-7f584539a000 r-xp 00099000 fe:00 333671                     /usr/lib/libstdc++.so.6.0.30
        7f584539a000-7f5845409000 r--p 0019a000 fe:00 333671                     /usr/lib/libstdc++.so.6.0.30
        7f5845409000-7f5845414000 r--p 00209000 fe:00 333671                     /usr/lib/libstdc++.so.6.0.30
        7f5845414000-7f5845415000 rw-p 00214000 fe:00 333671                     /usr/lib/libstdc++.so.6.0.30
        7f5845500000-7f5845501000 ---p 00000000 fe:00 333151                     /usr/lib/libc.so.6
        7f5845600000-7f5845610000 r--p 00000000 fe:00 44                         /opt/my app/lib with spaces.so
        7ffd1e5f0000-7ffd1e5f2000 r--p 00000000 00:00 0                          [vvar]
        7ffd1e5f2000-7ffd1e5f4000 r-xp 00000000 00:00 0                          [vdso]
        garbage
        """

    @Test func parsesMapsLines() {
        let lines = Self.maps.split(separator: "\n").map { String($0) + "\n" }
        let parsed = lines.compactMap(StartupPages.mapping)
        #expect(parsed.count == lines.count - 1)  // all but "garbage"
        #expect(parsed[0] == .init(range: 0x5559130df000..<0x555914028000, permissions: "r-xp", path: "/usr/bin/convergence"))
        #expect(parsed[3].path.isEmpty)
        #expect(parsed[11].path == "/opt/my app/lib with spaces.so")
        #expect(StartupPages.mapping("7f5845044000-7f5845044000 r-xp 00026000 fe:00 1 /usr/lib/libc.so.6") == nil)  // empty range
    }

    @Test func releasesReadOnlyFileMappingsButNotRELRO() {
        let parsed = Self.maps.split(separator: "\n").map(String.init).compactMap(StartupPages.mapping)
        let released = StartupPages.releasable(parsed)
        #expect(released == [
            0x5559130df000..<0x555914028000,  // the executable's code and read-only data
            // not 555914029000: the executable's RELRO (right before its rw-p data)
            0x7f5845200000..<0x7f5845299000,  // libstdc++ headers and symbols
            0x7f5845299000..<0x7f584539a000,  // libstdc++ code
            0x7f584539a000..<0x7f5845409000,  // libstdc++ read-only data
            // not 7f5845409000: libstdc++'s RELRO
            0x7f5845600000..<0x7f5845610000,  // a path with spaces
        ])
    }

    @Test func thisProcessHasReleasableMappings() {
        // The parse matches what the kernel prints: the test binary itself is a read-only file
        // mapping, so release() advises at least one mapping (and the process carries on).
        #expect(StartupPages.release() > 0)
    }
}
