#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON

/// Turns config file texts into the engine's data, validating everything:
///
///     models.json          {"default": "formal", "models": [{id, name, description, terms: [{indicator, weight}]}]}
///     levels.json          {"levels": [{id, name, sourceName, interval, nominalDegree, certainty, profile, …}]}
///     catalog/<id>.json    one technology: indicators, model, claimed, approaches, tables, challenges, history
///     tables/<id>.json     tables that belong to no technology (L2 vs L3, L2 vs L1, the L2 state)
///     sources.json         optional: the source documents (version, date, references)
///
/// Other files in the directory (the server's settings) are not the engine's and are ignored.
enum ConfigLoader {
    struct Parts {
        var models: [Model]
        var defaultModel: Model
        var levels: [Level]
        var technologies: [Technology]
        var tables: [Table]
        var errata: Errata
        var files: [String: String]
    }

    /// Whether a path (relative to the config directory) is one the engine reads.
    static func isEngineFile(_ path: String) -> Bool {
        if path == "models.json" || path == "levels.json" || path == "sources.json" { return true }
        for folder in ["catalog/", "tables/"] where path.hasPrefix(folder) {
            let rest = path.dropFirst(folder.count)
            return rest.hasSuffix(".json") && !rest.contains("/")
        }
        return false
    }

    /// Reads the engine's files from a directory.
    static func readFiles(in directory: URL) throws(ConfigurationError) -> [String: String] {
        var files: [String: String] = [:]
        var problems: [ConfigurationError.Problem] = []
        let manager = FileManager.default
        var isDirectory = false
        guard manager.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory else {
            throw ConfigurationError(problems: [.init(file: directory.path, pointer: "", detail: "is not a directory")])
        }
        var candidates = ["models.json", "levels.json", "sources.json"]
        for folder in ["catalog", "tables"] {
            let url = directory.appending(path: folder)
            guard let names = try? manager.contentsOfDirectory(atPath: url.path) else { continue }
            candidates += names.filter { $0.hasSuffix(".json") }.sorted().map { folder + "/" + $0 }
        }
        for path in candidates {
            let url = directory.appending(path: path)
            guard manager.fileExists(atPath: url.path) else { continue }
            do {
                let data = try Data(contentsOf: url)
                if let text = String(validating: data, as: UTF8.self) {
                    files[path] = text
                } else {
                    problems.append(.init(file: path, pointer: "", detail: "is not valid UTF-8"))
                }
            } catch {
                problems.append(.init(file: path, pointer: "", detail: "cannot be read: \(error)"))
            }
        }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return files
    }

    /// The engine's data from the config files' texts, or every problem found in them.
    static func build(files all: [String: String]) throws(ConfigurationError) -> Parts {
        let files = all.filter { isEngineFile($0.key) }
        let log = ProblemLog()
        let parsed = parse(files, log: log)
        let (models, defaultModel) = ModelSpec.read(parsed["models.json"], log: log)
        let levels = LevelSpec.read(parsed["levels.json"], log: log)
        let documents = parsed["sources.json"].map { ConfigFileReader(file: "sources.json", log: log).documents($0) } ?? []
        let specs = technologySpecs(parsed, log: log, models: models, levelIds: Set(levels.map(\.id)),
                                    documents: documents)
        var standalone: [Table] = []
        for path in parsed.keys.sorted() where path.hasPrefix("tables/") {
            if let table = TableSpec.readLevelComparison(parsed[path], reader: ConfigFileReader(file: path, log: log),
                                                         levels: levels, documents: documents) {
                standalone.append(table)
            }
        }
        checkUniqueIds(specs: specs, standalone: standalone, log: log)
        guard log.problems.isEmpty, let defaultModel, !levels.isEmpty else {
            if log.problems.isEmpty {
                log.problems.append(.init(file: "levels.json", pointer: "/levels", detail: "must define the levels"))
            }
            throw ConfigurationError(problems: log.problems)
        }
        // Everything is valid: compute.
        let probe = Engine(models: models, defaultModel: defaultModel, levels: levels, technologies: [], tables: [],
                           errata: Errata(examples: [], levels: []), files: [:])
        var technologies = technologies(specs, probe: probe)
        let tables = [Table.levelTable(levels)] + standalone + technologies.flatMap(\.tables)
        var errata = Errata.compute(technologies: technologies, levels: levels, engine: probe)
        errata.claims = Errata.shareClaimFindings(tables: tables, technologies: technologies)
        errata.documents = documents
        for i in technologies.indices {
            technologies[i].erratum = errata.examples.first { $0.technology == technologies[i].id && $0.erroneous }
        }
        return Parts(models: models, defaultModel: defaultModel, levels: levels, technologies: technologies,
                     tables: tables, errata: errata, files: files)
    }

    /// Each file parsed as JSON (a syntax error is a problem of its file); the required files present.
    static func parse(_ files: [String: String], log: ProblemLog) -> [String: JSONValue] {
        var parsed: [String: JSONValue] = [:]
        for path in files.keys.sorted() {
            do {
                parsed[path] = try JSONParser.parse(Array((files[path] ?? "").utf8), options: .configuration)
            } catch {
                log.problems.append(.init(file: path, pointer: "", detail: "invalid JSON: \(error.location)"))
            }
        }
        for required in ["models.json", "levels.json"] where files[required] == nil {
            log.problems.append(.init(file: required, pointer: "", detail: "is missing"))
        }
        return parsed
    }

    /// The technologies of `catalog/`, each file named after its technology's id.
    static func technologySpecs(_ parsed: [String: JSONValue], log: ProblemLog, models: [Model], levelIds: Set<String>,
                                documents: [SourceDocument]) -> [TechnologySpec] {
        var specs: [TechnologySpec] = []
        for path in parsed.keys.sorted() where path.hasPrefix("catalog/") {
            if let spec = TechnologySpec.read(parsed[path], reader: ConfigFileReader(file: path, log: log),
                                              models: models, levelIds: levelIds, documents: documents) {
                let expected = String(path.dropFirst("catalog/".count).dropLast(".json".count))
                if spec.id != expected {
                    log.problems.append(.init(file: path, pointer: "/id",
                                              detail: "must match the file name: \"\(expected)\", got \"\(spec.id)\""))
                }
                specs.append(spec)
            }
        }
        return specs
    }

    /// Duplicate technology and table ids, each reported where it appears again.
    static func checkUniqueIds(specs: [TechnologySpec], standalone: [Table], log: ProblemLog) {
        var seenTech: [String: String] = [:]
        for spec in specs {
            if let first = seenTech[spec.id] {
                log.problems.append(.init(file: spec.file, pointer: "/id",
                                          detail: "duplicate technology id \"\(spec.id)\" (also in \(first))"))
            } else {
                seenTech[spec.id] = spec.file
            }
        }
        var seenTable: [String: String] = ["levels": "levels.json"]
        let owned: [(Table, String, String)] = standalone.map { ($0, "tables/\($0.id).json", "/id") }
            + specs.flatMap { spec in spec.tables.enumerated().map { ($1, spec.file, "/tables/\($0)/id") } }
            + specs.compactMap { spec in spec.overview.map { ($0, spec.file, "/overview") } }
        for (table, file, pointer) in owned {
            if let first = seenTable[table.id] {
                log.problems.append(.init(file: file, pointer: pointer,
                                          detail: "duplicate table id \"\(table.id)\" (also in \(first))"))
            } else {
                seenTable[table.id] = file
            }
        }
    }

    /// The technologies scored and placed, highest level first, then in `order`, then by id.
    static func technologies(_ specs: [TechnologySpec], probe: Engine) -> [Technology] {
        let levelOrder = Dictionary(probe.levels.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ordered = specs.sorted {
            let a = levelOrder[$0.sourceLevel] ?? 0
            let b = levelOrder[$1.sourceLevel] ?? 0
            return a != b ? a > b : $0.order != $1.order ? $0.order < $1.order : $0.id < $1.id
        }
        let modelById = Dictionary(probe.models.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ordered.map { spec in technology(spec, model: modelById[spec.model] ?? probe.defaultModel, probe: probe) }
    }

    /// One technology with its figures: score, level, terms, trend, market, its tables.
    static func technology(_ spec: TechnologySpec, model: Model, probe: Engine) -> Technology {
        let result = probe.evaluate(Engine.Resolved(model: model, values: spec.indicators, technology: spec.id,
                                                    extraFields: []))
        let score = result.score ?? 0
        let shares = spec.approaches.compactMap { a in a.share.map { ApproachShare(name: a.name, share: $0) } }
        let market = shares.isEmpty ? nil : try? MarketAnalysis.analyze(shares)
        // A technology's tables come from where the technology does, unless they say otherwise.
        var ownTables = spec.tables.map { table in
            var table = table
            table.source = table.source ?? spec.source
            return table
        }
        if var overview = spec.overview {
            overview.rows = spec.overviewRows(levels: probe.levels)
            overview.source = overview.source ?? spec.source
            ownTables.append(overview)
        }
        return Technology(
            id: spec.id, name: spec.name, sourceName: spec.sourceName, sourceLevel: spec.sourceLevel,
            model: spec.model, indicators: spec.indicators, claimed: spec.claimed, approaches: spec.approaches,
            tables: ownTables, challenges: spec.challenges, notes: spec.notes, history: spec.history,
            source: spec.source, theorem: spec.theorem, score: score, level: probe.level(for: score).reference, terms: result.terms,
            trend: Trend.fit(spec.history), market: market, erratum: nil)
    }
}
