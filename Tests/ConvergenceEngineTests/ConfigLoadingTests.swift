import Foundation
import Testing
@testable import ConvergenceEngine

@Suite struct ConfigLoadingTests {
    @Test func configIsEmbedded() {
        #expect(Engine.embeddedFiles["models.json"] != nil)
    }

    /// The embedded files with some replaced (nil removes a file).
    func files(_ changes: [String: String?]) -> [String: String] {
        var files = Engine.embeddedFiles
        for (path, text) in changes { files[path] = text }
        return files
    }

    func problems(_ changes: [String: String?]) -> [ConfigurationError.Problem] {
        do {
            _ = try Engine(files: files(changes))
            return []
        } catch {
            return error.problems
        }
    }

    /// Replaces the first occurrence of `old` in an embedded file.
    func edit(_ path: String, _ old: String, _ new: String) -> String {
        let text = Engine.embeddedFiles[path] ?? ""
        guard let range = text.range(of: old) else { return text }
        return text.replacingCharacters(in: range, with: new)
    }

    @Test func embeddedAndDirectoryGiveTheSameEngine() throws {
        let dir = FileManager.default.temporaryDirectory.appending(path: "engine-config-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (path, text) in Engine.embeddedFiles {
            let url = dir.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        // Server settings and stray files beside the engine's are not the engine's business.
        try "{\"port\": 8080}".write(to: dir.appending(path: "convergence.json"), atomically: true, encoding: .utf8)
        try "not json".write(to: dir.appending(path: "catalog/README.txt"), atomically: true, encoding: .utf8)
        let loaded = try Engine.load(directory: dir)
        let embedded = try Engine.embedded()
        #expect(loaded.technologies == embedded.technologies)
        #expect(loaded.tables == embedded.tables)
        #expect(loaded.errata == embedded.errata)
        // Only the engine's files count: the settings file beside them changes nothing.
        #expect(loaded.fingerprint == embedded.fingerprint)
    }

    @Test func missingDirectory() {
        let error = #expect(throws: ConfigurationError.self) {
            try Engine.load(directory: URL(filePath: "/nonexistent/convergence-config"))
        }
        #expect(error?.problems.first?.detail == "is not a directory")
    }

    @Test func serverSettingsAreIgnored() throws {
        let engine = try Engine(files: files(["convergence.json": "{ definitely not the engine's }"]))
        #expect(engine.technologies.count == 12)
    }

    @Test func everyProblemIsReportedWithFileAndPointer() {
        let found = problems([
            "models.json": edit("models.json", "\"weight\": 0.3},", "\"weight\": 0.35},"),
            "catalog/rlhf.json": edit("catalog/rlhf.json", "\"l3-worked\"", "\"l9-worked\""),
            "catalog/edge-vs-cloud.json": edit("catalog/edge-vs-cloud.json", "\"share\": 0.6", "\"share\": 0.7"),
            "catalog/adamw.json": edit("catalog/adamw.json", "\"id\": \"adamw\"", "\"id\": \"attention\""),
            "tables/l2-vs-l1.json": "{ \"id\": ",
        ])
        let located = Set(found.map { "\($0.file) \($0.pointer)" })
        #expect(located.contains("models.json /models/0/terms"), "weights of formal no longer sum to 1")
        #expect(located.contains("catalog/rlhf.json /model"), "unknown model")
        #expect(located.contains("catalog/edge-vs-cloud.json /approaches"), "shares over 1")
        #expect(located.contains("catalog/adamw.json /id"), "duplicate id / file name")
        #expect(located.contains("tables/l2-vs-l1.json "), "invalid JSON")
        #expect(found.count >= 5)
        #expect(found.first { $0.file == "catalog/edge-vs-cloud.json" }?.detail == "shares must sum to at most 1, got 1.1")
    }

    @Test func duplicateTechnologyIds() {
        let copy = Engine.embeddedFiles["catalog/rlhf.json"] ?? ""
        let found = problems(["catalog/rlhf-copy.json": copy])
        // Reported where the id appears the second time (files load in path order), and the copy's
        // id does not match its file name either.
        #expect(found.contains { $0.file == "catalog/rlhf.json" && $0.pointer == "/id"
            && $0.detail == "duplicate technology id \"rlhf\" (also in catalog/rlhf-copy.json)" })
        #expect(found.contains { $0.file == "catalog/rlhf-copy.json" && $0.pointer == "/id" })
    }

    @Test func overlappingAndGappedLevels() {
        // L1 made to include 0.6 twice (overlap with L2 made inclusive) and L3 starting at 0.85 (gap).
        var text = edit("levels.json", "\"lower\": 0.6, \"upper\": 0.8, \"lowerInclusive\": false", "\"lower\": 0.6, \"upper\": 0.8, \"lowerInclusive\": true")
        if let range = text.range(of: "\"lower\": 0.8, \"upper\": 0.95") {
            text = text.replacingCharacters(in: range, with: "\"lower\": 0.85, \"upper\": 0.95")
        }
        let found = problems(["levels.json": text])
        #expect(found.contains { $0.pointer == "/levels/2/interval" && $0.detail.hasPrefix("overlap between L1") })
        #expect(found.contains { $0.pointer == "/levels/3/interval" && $0.detail.hasPrefix("gap between L2") })
    }

    @Test func missingAndUnknownFields() {
        let found = problems([
            "catalog/reasoning.json": edit("catalog/reasoning.json", "\"maturity\": 0.6", "\"maturiti\": 0.6"),
            "levels.json": nil,
        ])
        #expect(found.contains { $0.file == "levels.json" && $0.detail == "is missing" })
        #expect(found.contains { $0.file == "catalog/reasoning.json" && $0.pointer == "/indicators/maturiti" })
        #expect(found.contains { $0.file == "catalog/reasoning.json" && $0.pointer == "/indicators/maturity"
            && $0.detail == "is required by model extended" })
    }

    @Test func modelAndCatalogMistakes() {
        var models = edit("models.json", "\"id\": \"extended\"", "\"id\": \"formal\"")
        models = models.replacingOccurrences(of: "{\"indicator\": \"controversy\", \"weight\": 0.3, \"inverted\": true}",
                                             with: "{\"indicator\": \"controversy\", \"weight\": 0.3, \"inverted\": false}")
        let found = problems([
            "models.json": models,
            "catalog/reasoning.json": edit("catalog/reasoning.json", "\"sourceLevel\": \"L1\"", "\"sourceLevel\": \"L7\""),
            "catalog/moe-vs-dense.json": edit("catalog/moe-vs-dense.json", "\"2025-Q3\"", "\"2025-Q5\""),
        ])
        let located = Set(found.map { "\($0.file) \($0.pointer)" })
        #expect(located.contains("models.json /models/1/id"), "duplicate model id")
        #expect(located.contains("models.json /models/0/terms/2/inverted"), "controversy must be inverted")
        #expect(located.contains("catalog/reasoning.json /sourceLevel"))
        #expect(located.contains("catalog/moe-vs-dense.json /history/0/date"))
    }

    /// Every bad field is reported, in config as in requests: a member that makes an entry
    /// unusable (no id, an unknown indicator, no date) must not hide the entry's other problems.
    @Test func oneBrokenMemberHidesNoOther() {
        var models = edit("models.json", "{\"indicator\": \"adoption\", \"weight\": 0.4}", "{\"indicator\": \"adoptoin\", \"weight\": 0.4}")
        models = models.replacingOccurrences(of: "{\"indicator\": \"standardization\", \"weight\": 0.3},",
                                             with: "{\"indicator\": \"standardization\", \"weight\": -0.3},")
        var moe = edit("catalog/moe-vs-dense.json", "{\"id\": \"moe\", \"name\": \"MoE\",", "{\"name\": \"MoE\",")
        moe = moe.replacingOccurrences(of: "\"share\": 0.6,", with: "\"share\": 1.7,")
        moe = moe.replacingOccurrences(of: "{\"date\": \"2025-Q3\", \"degree\": 0.5,", with: "{\"degree\": 1.5,")
        var levels = edit("levels.json", "\"id\": \"L0\",", "")
        levels = levels.replacingOccurrences(of: "\"certainty\": \"★☆☆☆☆\"", with: "\"certainty\": 5")
        let found = problems(["models.json": models, "catalog/moe-vs-dense.json": moe, "levels.json": levels])
        let located = Set(found.map { "\($0.file) \($0.pointer)" })
        #expect(located.contains("models.json /models/0/terms/0/indicator"))
        #expect(located.contains("models.json /models/0/terms/1/weight"), "negative weight next to an unknown indicator")
        #expect(located.contains("catalog/moe-vs-dense.json /approaches/0/id"))
        #expect(located.contains("catalog/moe-vs-dense.json /approaches/0/share"), "share 1.7 of an approach without id")
        #expect(located.contains("catalog/moe-vs-dense.json /history/0/date"))
        #expect(located.contains("catalog/moe-vs-dense.json /history/0/degree"), "degree 1.5 of a point without date")
        #expect(located.contains("levels.json /levels/0/id"))
        #expect(located.contains("levels.json /levels/0/certainty"), "certainty not a string on a level without id")
    }

    @Test func problemsRenderOnePerLine() {
        let error = ConfigurationError(problems: [
            .init(file: "models.json", pointer: "/models/0/terms", detail: "weights must sum to 1, got 1.05"),
            .init(file: "tables/x.json", pointer: "", detail: "invalid JSON"),
        ])
        #expect(error.description == "models.json /models/0/terms: weights must sum to 1, got 1.05\ntables/x.json: invalid JSON")
    }
}
