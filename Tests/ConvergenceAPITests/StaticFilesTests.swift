@testable import ConvergenceAPI
import ConvergenceAPITesting
import Foundation
import HTTPServer
import HTTPTestSupport
import Testing

/// `Public/` walked safely (docs/limits.md): symlink cycles, depth and file-count limits (the
/// reload that would lose the files being served: ConvergenceCommandTests/ReloadTests).
@Suite struct StaticFilesTests {
    final class Tree {
        let root = NSTemporaryDirectory() + "convergence-walk-\(UUID().uuidString)"
        init() throws {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try "<!doctype html><title>x</title>".write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }
        /// The root as the walk names it (symlinks in the temporary directory resolved).
        var real: String { StaticFiles.realPath(root) ?? root }
        func link(_ name: String, to target: String) throws {
            try FileManager.default.createSymbolicLink(atPath: root + "/" + name, withDestinationPath: target)
        }
        func file(_ path: String) throws {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "x".write(toFile: full, atomically: false, encoding: .utf8)
        }
    }

    /// Two symlinks to `.` (and one to the parent of a subdirectory) made the walk endless.
    @Test func symlinkCyclesAreSkipped() throws {
        let tree = try Tree()
        try tree.link("a", to: ".")
        try tree.link("b", to: ".")
        try tree.file("sub/app.js")
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/sub/up", withDestinationPath: "..")
        let files = StaticFiles.load(root: tree.root, gzipMinimumBytes: 1024)
        #expect(Set(files.files.keys) == ["/index.html", "/sub/app.js"])
        #expect(Set(files.skipped.map(\.path)) == [tree.real + "/a", tree.real + "/b", tree.real + "/sub/up"])
        #expect(files.skipped.allSatisfy { $0.reason == .cycle })

        var settings = ServiceSettings()
        settings.publicPath = tree.root
        let h = try APITestClient(settings: settings)
        #expect(try h.get("/").status == 200)
        // A reload walks again (a new state) and finishes too.
        let again = try ServiceState(settings: settings, engine: h.service.engine, version: 2, logSink: nil)
        #expect(Set(again.staticFiles.files.keys) == ["/index.html", "/sub/app.js"])
    }

    /// Directories deeper than 16 below the root are not walked; 16 are.
    @Test func depthIsLimited() throws {
        let tree = try Tree()
        let sixteen = (1...16).map { "d\($0)" }.joined(separator: "/")
        try tree.file(sixteen + "/deep.txt")
        try tree.file(sixteen + "/d17/deeper.txt")
        let files = StaticFiles.load(root: tree.root, gzipMinimumBytes: 1024)
        #expect(files.files["/" + sixteen + "/deep.txt"] != nil)
        #expect(files.files["/" + sixteen + "/d17/deeper.txt"] == nil)
        #expect(files.skipped == [StaticFiles.Skip(path: tree.real + "/" + sixteen + "/d17", reason: .tooDeep)])
    }

    /// At most `files` files are loaded and `entries` entries looked at; the rest are reported.
    @Test func fileAndEntryCountsAreLimited() throws {
        let tree = try Tree()
        for i in 0..<20 { try tree.file("many/f\(i).txt") }
        #expect(StaticFiles.Limits().files == 4096 && StaticFiles.Limits().entries == 65_536)
        let files = StaticFiles.load(root: tree.root, gzipMinimumBytes: 1024, limits: .init(files: 10))
        #expect(files.files.count == 10)
        #expect(files.skipped.count == 11 && files.skipped.allSatisfy { $0.reason == .tooManyFiles })
        // index.html and many/ are two of the six entries, so five files load, whatever the order.
        let entries = StaticFiles.load(root: tree.root, gzipMinimumBytes: 1024, limits: .init(entries: 6))
        #expect(entries.files.count == 5)
        #expect(!entries.skipped.isEmpty && entries.skipped.allSatisfy { $0.reason == .tooManyEntries })
    }

    @Test func checkConfigReportsTheWalk() async throws {
        let tree = try Tree()
        try tree.link("loop", to: ".")
        let check = await ConfigCheck.run(SettingsLoader(environment: ["CONVERGENCE_PATHS_PUBLIC": tree.root,
                                                                      "CONVERGENCE_PATHS_CATALOG": ""]))
        #expect(check.lines.contains("public: \(tree.root): 1 files"), "\(check.lines)")
        #expect(check.lines.contains("warning: \(tree.real)/loop: skipped (a symlink cycle (a directory already on its path))"))
        let missing = await ConfigCheck.run(SettingsLoader(environment: ["CONVERGENCE_PATHS_PUBLIC": tree.root + "/nope",
                                                                        "CONVERGENCE_PATHS_CATALOG": ""]))
        #expect(missing.lines.contains { $0.hasPrefix("warning: public: \(tree.root)/nope: cannot be read (No such file or directory)") })
        #expect(missing.problemCount == 0)
    }
}
