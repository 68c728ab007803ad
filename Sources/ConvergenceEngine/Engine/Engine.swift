// Public import: `load(directory:)` takes a URL.
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The convergence model with its loaded data: an immutable value that any number of requests
/// read at once. A reload builds a new `Engine` and swaps the reference.
///
///     let engine = try Engine.embedded()                       // data compiled in from config/
///     let engine = try Engine.load(directory: URL(filePath: "config"))
///     let result = try engine.score(ScoreRequest(technology: "moe-vs-dense"))   // 0.68, L2
public final class Engine: Sendable {
    /// Every model, in file order.
    public let models: [Model]
    /// The model used when a request names none.
    public let defaultModel: Model
    /// L0–L4, lowest first.
    public let levels: [Level]
    /// Catalog technologies with their computed figures, in id order.
    public let technologies: [Technology]
    /// Every table: level table, level comparisons, then each technology's tables.
    public let tables: [Table]
    /// Where the source is wrong, computed from the catalog.
    public let errata: Errata
    /// A hash of the loaded files (hex): changes whenever the data does (ETags, logs).
    public let fingerprint: String
    /// The config files the engine was built from (relative path → text).
    public let files: [String: String]

    let modelIndex: IdIndex
    let technologyIndex: IdIndex
    let tableIndex: IdIndex
    let levelIndex: IdIndex
    /// Per technology (same order): its values and model, so that scoring `{"technology":…}`
    /// copies two small values instead of a whole catalog entry.
    let technologyInputs: [(values: IndicatorValues, model: Model?)]

    init(models: [Model], defaultModel: Model, levels: [Level], technologies: [Technology], tables: [Table],
         errata: Errata, files: [String: String]) {
        self.models = models
        self.defaultModel = defaultModel
        self.levels = levels
        self.technologies = technologies
        self.tables = tables
        self.errata = errata
        self.files = files
        self.fingerprint = Self.fnv1a(files)
        self.modelIndex = IdIndex(models.map(\.id))
        self.technologyIndex = IdIndex(technologies.map(\.id))
        self.tableIndex = IdIndex(tables.map(\.id))
        self.levelIndex = IdIndex(levels.map(\.id))
        let modelsById = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.technologyInputs = technologies.map { ($0.indicators, modelsById[$0.model]) }
    }

    // MARK: Loading

    /// The config files compiled into the binary from `config/` (relative path → text),
    /// including files the engine does not read (such as the server settings).
    public static var embeddedFiles: [String: String] { EmbeddedConfig.files }

    /// The engine on the data compiled into the binary.
    public static func embedded() throws(ConfigurationError) -> Engine {
        try Engine(files: EmbeddedConfig.files)
    }

    /// Reads the engine's files from a config directory: `models.json`, `levels.json`,
    /// `catalog/*.json`, `tables/*.json`. Other files (server settings) are ignored.
    public static func load(directory: URL) throws(ConfigurationError) -> Engine {
        try Engine(files: ConfigLoader.readFiles(in: directory))
    }

    /// Builds the engine from file texts keyed by path relative to the config directory.
    /// Validates everything and reports every problem with its file and JSON pointer.
    public convenience init(files: [String: String]) throws(ConfigurationError) {
        let parts = try ConfigLoader.build(files: files)
        self.init(models: parts.models, defaultModel: parts.defaultModel, levels: parts.levels,
                  technologies: parts.technologies, tables: parts.tables, errata: parts.errata,
                  files: parts.files)
    }

    // MARK: Lookups

    public func model(id: String) throws(NotFoundError) -> Model {
        guard let i = modelIndex[id] else { throw NotFoundError(kind: .model, id: id) }
        return models[i]
    }

    public func level(id: String) throws(NotFoundError) -> Level {
        guard let i = levelIndex[id] else { throw NotFoundError(kind: .level, id: id) }
        return levels[i]
    }

    public func technology(id: String) throws(NotFoundError) -> Technology {
        guard let i = technologyIndex[id] else { throw NotFoundError(kind: .technology, id: id) }
        return technologies[i]
    }

    public func table(id: String) throws(NotFoundError) -> Table {
        guard let i = tableIndex[id] else { throw NotFoundError(kind: .table, id: id) }
        return tables[i]
    }

    /// `GET /tables`.
    public var tableSummaries: [TableSummary] { tables.map(\.summary) }

    /// `GET /technologies`, optionally filtered by computed level and/or source level
    /// (unknown level ids are a `NotFoundError`).
    public func technologySummaries(level: String? = nil, sourceLevel: String? = nil) throws(NotFoundError)
        -> [TechnologySummary]
    {
        if let level, levelIndex[level] == nil { throw NotFoundError(kind: .level, id: level) }
        if let sourceLevel, levelIndex[sourceLevel] == nil { throw NotFoundError(kind: .level, id: sourceLevel) }
        return technologies.filter {
            (level == nil || $0.level.id == level) && (sourceLevel == nil || $0.sourceLevel == sourceLevel)
        }.map(\.summary)
    }

    /// The level whose interval holds `score` (a score in [0, 1] always has exactly one).
    @inlinable public func level(for score: Double) -> Level { levels[levelPosition(for: score)] }

    @usableFromInline func levelPosition(for score: Double) -> Int {
        for i in levels.indices where levels[i].interval.contains(score) { return i }
        // Unreachable for scores in [0, 1]: validation guarantees the levels tile it.
        return score <= 0 ? 0 : levels.count - 1
    }

    // MARK: Market

    /// Market analysis of shares (`POST /compare` with `approaches`).
    public func analyzeMarket(_ approaches: [ApproachShare]) throws(ValidationError) -> MarketAnalysis {
        try MarketAnalysis.analyze(approaches)
    }

    /// Analyses shares read by a caller that already found shape problems (`inputProblems`,
    /// e.g. `/approaches/1/name is required`) and reports them together with the engine's own
    /// (`/approaches/0/share must be between 0 and 1`), so every bad field is named at once.
    /// An approach that could not be read stays in `approaches` as a placeholder (any name,
    /// share 0) so that indices, and so pointers, match the request; problems at or under a
    /// pointer in `inputProblems` are not repeated.
    ///
    ///     try engine.analyzeMarket([ApproachShare(name: "A", share: 1.2), ApproachShare(name: "", share: 0)],
    ///                              inputProblems: [.init(pointer: "/approaches/1/name", detail: "is required", code: .missing)])
    public func analyzeMarket(_ approaches: [ApproachShare], inputProblems: [ValidationError.Problem])
        throws(ValidationError) -> MarketAnalysis
    {
        var engineProblems: [ValidationError.Problem] = []
        var result: MarketAnalysis?
        do { result = try MarketAnalysis.analyze(approaches) } catch { engineProblems = error.problems }
        let problems = ValidationError.merging(inputProblems, engineProblems)
        guard problems.isEmpty, let result else { throw ValidationError(problems: problems) }
        return result
    }

    // MARK: Comparisons

    /// `GET /compare`: every technology with two or more approaches.
    public var comparisons: [ComparisonSummary] {
        technologies.filter { $0.approaches.count >= 2 }.map {
            ComparisonSummary(id: $0.id, title: $0.name, approaches: $0.approaches.map(\.id))
        }
    }

    /// `GET /compare/{id}`.
    public func comparison(id: String) throws(NotFoundError) -> ComparisonDetail {
        guard let i = technologyIndex[id], technologies[i].approaches.count >= 2 else {
            throw NotFoundError(kind: .comparison, id: id)
        }
        let t = technologies[i]
        return ComparisonDetail(
            id: t.id, title: t.name, approaches: t.approaches, market: t.market,
            table: t.tables.first { $0.kind == .comparison }, overview: t.tables.first { $0.kind == .overview },
            model: t.model, score: t.score, level: t.level, sourceLevel: t.sourceLevel, erratum: t.erratum,
            source: t.source)
    }

    /// FNV-1a 64 over the sorted paths and texts.
    static func fnv1a(_ files: [String: String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for path in files.keys.sorted() {
            for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0) &* 0x100_0000_01b3
            for byte in (files[path] ?? "").utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0) &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
