import Testing
@testable import convergence

@Suite struct StartupPagesTests {
    @Test func onlyReadOnlyFileMappingsAreReleased() {
        let lines = [
            // (line, expected range)
            ("5559130df000-555914028000 r-xp 00000000 fe:00 16236671                   /usr/bin/convergence\n",
             UInt(0x5559130df000)..<UInt(0x555914028000)),
            ("7f584501e000-7f5845044000 r--p 00000000 fe:00 333151                     /usr/lib/x86_64-linux-gnu/libc.so.6",
             UInt(0x7f584501e000)..<UInt(0x7f5845044000)),
            ("7f58455b3000-7f58455c3000 r--p 00000000 fe:00 333473   /opt/my app/lib with spaces.so\n",
             UInt(0x7f58455b3000)..<UInt(0x7f58455c3000)),
        ]
        for (line, range) in lines { #expect(StartupPages.readOnlyFileMapping(line) == range, "\(line)") }
        let refused = [
            "55591408b000-5559142af000 rw-p 00fab000 fe:00 16236671                   /usr/bin/convergence\n",  // written data
            "5559142af000-55591434a000 rw-p 00000000 00:00 0 \n",                                             // heap
            "7f5840000000-7f5840107000 rw-p 00000000 00:00 0                          [heap]\n",
            "7ffd1e5f2000-7ffd1e5f4000 r-xp 00000000 00:00 0                          [vdso]\n",               // no file
            "7ffd1e5f2000-7ffd1e5f4000 r--p 00000000 00:00 0\n",                                              // anonymous
            "7f58451ed000-7f58451f1000 ---p 001cf000 fe:00 333151                     /usr/lib/libc.so.6\n",    // guard
            "garbage\n", "",
            "7f5845044000-7f5845044000 r-xp 00026000 fe:00 333151                     /usr/lib/libc.so.6\n",    // empty
        ]
        for line in refused { #expect(StartupPages.readOnlyFileMapping(line) == nil, "\(line)") }
    }

    @Test func thisProcessHasReleasableMappings() {
        // The parse matches what the kernel prints: the test binary itself is a read-only file
        // mapping, so release() advises at least one mapping (and the process carries on).
        #expect(StartupPages.release() > 0)
    }
}
