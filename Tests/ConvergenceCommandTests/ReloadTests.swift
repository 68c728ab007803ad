@testable import convergence
import ConvergenceAPI
import ConvergenceAPITesting
import Foundation
import Testing

/// SIGHUP's reload (`Reloader`) against a live service: a good catalog is swapped in, a bad
/// one or a lost `Public/` is refused while the old state keeps serving, and the restart
/// warning and the catalog version follow what is in effect.
@Suite struct ReloadTests {
    /// A live service on a copy of the catalog in a temporary directory a test may edit.
    static func serviceOnACatalogCopy() throws -> (ServiceHarness, ServiceSettings, String) {
        let dir = try temporaryCatalog()
        var settings = ServiceSettings()
        settings.catalogPath = dir
        return (try ServiceHarness(settings: settings), settings, dir)
    }

    @Test func goodReloadSwapsCatalogAndResponses() throws {
        let (h, settings, dir) = try Self.serviceOnACatalogCopy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reloader = h.reloader()
        let before = try h.get("/technologies/moe-vs-dense")
        #expect(number(try object(before)["score"]) == 0.68)
        let tag = try #require(before.headers["ETag"])

        // MoE's adoption 0.60 → 0.90: extended 0.27 + 0.21 + 0.14 + 0.15 = 0.77
        let file = dir + "/catalog/moe-vs-dense.json"
        var text = try String(contentsOfFile: file, encoding: .utf8)
        let edited = text.replacingOccurrences(of: #""adoption": 0.6"#, with: #""adoption": 0.9"#)
        #expect(edited != text, "the catalog file's spelling changed; adjust the test")
        text = edited
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(reloader.reload(settings: settings) == .reloaded(version: 2))
        let after = try h.get("/technologies/moe-vs-dense")
        #expect(abs((number(try object(after)["score"]) ?? 0) - 0.77) < 1e-9)
        #expect(try h.get("/technologies/moe-vs-dense", headers: [("If-None-Match", tag)]).status == 200)
        #expect(try h.get("/metrics").bodyText.contains(#"convergence_reloads_total{result="success"} 1"#))
    }

    @Test func badReloadKeepsTheOldCatalog() throws {
        let (h, settings, dir) = try Self.serviceOnACatalogCopy()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reloader = h.reloader()
        let before = try h.get("/technologies")
        try #"{"id": "moe-vs-dense", "sourceLevel": "L2", "#.write(toFile: dir + "/catalog/moe-vs-dense.json", atomically: true, encoding: .utf8)
        guard case .rejected(let reason) = reloader.reload(settings: settings) else {
            Issue.record("a broken catalog was accepted")
            return
        }
        #expect(reason.contains("moe-vs-dense.json"))
        let after = try h.get("/technologies")
        #expect(after.status == 200)
        #expect(after.body == before.body)
        #expect(try h.get("/metrics").bodyText.contains(#"convergence_reloads_total{result="failure"} 1"#))
        #expect(h.accessLog().contains("reload rejected"))
    }

    /// The restart warning compares with the settings in effect (restoring them
    /// warns no more), and the catalog version moves only on a successful reload whose
    /// catalog fingerprint changed.
    @Test func reloadWarningsAndVersionFollowWhatIsInEffect() throws {
        let h = try ServiceHarness()
        let reloader = h.reloader()
        let warning = "some settings only apply after a restart"
        var moved = h.service.settings
        moved.port = 8081
        moved.maxBodyBytes = 1000
        #expect(reloader.reload(settings: moved) == .reloaded(version: 1))
        #expect(h.accessLog().components(separatedBy: warning).count - 1 == 1)
        #expect(h.accessLog().contains("server.port,limits.bodyBytes"))
        #expect(reloader.reload(settings: ServiceSettings()) == .reloaded(version: 1))
        #expect(h.accessLog().components(separatedBy: warning).count - 1 == 1)
        var missing = ServiceSettings()
        missing.catalogPath = "/nonexistent/catalog"
        guard case .rejected = reloader.reload(settings: missing) else {
            Issue.record("a missing catalog must be rejected")
            return
        }
        #expect(h.service.catalogVersion == 1)
        let catalog = try temporaryCatalog()
        let file = catalog + "/catalog/rlhf.json"
        try (String(contentsOfFile: file, encoding: .utf8) + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        var changed = ServiceSettings()
        changed.catalogPath = catalog
        #expect(reloader.reload(settings: changed) == .reloaded(version: 2))
        #expect(h.service.catalogVersion == 2)
        #expect(try h.get("/metrics").bodyText.contains("convergence_catalog_version 2"))
    }

    /// A reload that would serve no file where files are served is refused and counted, and
    /// the old files keep being served; turning them off with an empty path is a choice.
    @Test func reloadThatWouldLosePublicIsRefused() throws {
        let root = NSTemporaryDirectory() + "convergence-public-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "<!doctype html><title>x</title>".write(toFile: root + "/index.html", atomically: true, encoding: .utf8)
        var settings = ServiceSettings()
        settings.publicPath = root
        let h = try ServiceHarness(settings: settings)
        let reloader = h.reloader()
        #expect(try h.get("/").status == 200)

        try FileManager.default.removeItem(atPath: root + "/index.html")
        guard case .rejected(let emptyReason) = reloader.reload(settings: settings) else {
            Issue.record("an emptied Public/ must be refused")
            return
        }
        #expect(emptyReason.contains("holds no file"))
        try FileManager.default.removeItem(atPath: root)
        guard case .rejected(let goneReason) = reloader.reload(settings: settings) else {
            Issue.record("a removed Public/ must be refused")
            return
        }
        #expect(goneReason.contains("No such file or directory"))
        #expect(try h.get("/").status == 200)
        #expect(try h.get("/metrics").bodyText.contains(#"convergence_reloads_total{result="failure"} 2"#))

        settings.publicPath = ""
        #expect(reloader.reload(settings: settings) == .reloaded(version: 1))
        #expect(try h.get("/index.html").status == 404)
    }
}

extension ServiceHarness {
    /// The reloader `convergence serve` wires, started from the settings in effect.
    func reloader() -> Reloader { Reloader(service: service, startup: service.settings) }
}
