#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

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

    static func build(files all: [String: String]) throws(ConfigurationError) -> Parts {
        let files = all.filter { isEngineFile($0.key) }
        let log = ProblemLog()
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

        let (models, defaultModel) = readModels(parsed["models.json"], log: log)
        let levels = readLevels(parsed["levels.json"], log: log)
        let levelIds = Set(levels.map(\.id))
        let documents = parsed["sources.json"].map { ConfigReader(file: "sources.json", log: log).documents($0) } ?? []

        var specs: [TechnologySpec] = []
        for path in parsed.keys.sorted() where path.hasPrefix("catalog/") {
            if let spec = TechnologySpec.read(parsed[path], reader: ConfigReader(file: path, log: log),
                                              models: models, levelIds: levelIds, documents: documents) {
                let expected = String(path.dropFirst("catalog/".count).dropLast(".json".count))
                if spec.id != expected {
                    log.problems.append(.init(file: path, pointer: "/id",
                                              detail: "must match the file name: \"\(expected)\", got \"\(spec.id)\""))
                }
                specs.append(spec)
            }
        }
        var standalone: [Table] = []
        for path in parsed.keys.sorted() where path.hasPrefix("tables/") {
            if let table = TableSpec.readLevelComparison(parsed[path], reader: ConfigReader(file: path, log: log),
                                                         levels: levels, documents: documents) {
                standalone.append(table)
            }
        }

        // Duplicate ids, each reported where it appears again.
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

        guard log.problems.isEmpty, let defaultModel, !levels.isEmpty else {
            if log.problems.isEmpty {
                log.problems.append(.init(file: "levels.json", pointer: "/levels", detail: "must define the levels"))
            }
            throw ConfigurationError(problems: log.problems)
        }

        // Everything is valid: compute.
        let modelById = Dictionary(models.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let probe = Engine(models: models, defaultModel: defaultModel, levels: levels, technologies: [], tables: [],
                           errata: Errata(examples: [], levels: []), files: [:])
        let levelOrder = Dictionary(levels.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ordered = specs.sorted {
            let a = levelOrder[$0.sourceLevel] ?? 0
            let b = levelOrder[$1.sourceLevel] ?? 0
            return a != b ? a > b : $0.order != $1.order ? $0.order < $1.order : $0.id < $1.id
        }
        var technologies: [Technology] = []
        var tables: [Table] = [levelTable(levels)] + standalone
        for spec in ordered {
            let model = modelById[spec.model] ?? defaultModel
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
                overview.rows = overviewRows(spec, levels: levels, statuses: spec.overviewStatus)
                overview.source = overview.source ?? spec.source
                ownTables.append(overview)
            }
            tables += ownTables
            technologies.append(Technology(
                id: spec.id, name: spec.name, sourceName: spec.sourceName, sourceLevel: spec.sourceLevel,
                model: spec.model, indicators: spec.indicators, claimed: spec.claimed, approaches: spec.approaches,
                tables: ownTables, challenges: spec.challenges, notes: spec.notes, history: spec.history,
                source: spec.source, theorem: spec.theorem, score: score, level: probe.level(for: score).reference, terms: result.terms,
                trend: Trend.fit(spec.history), market: market, erratum: nil))
        }
        var errata = computeErrata(technologies: technologies, levels: levels, engine: probe)
        errata.claims = shareClaimFindings(tables: tables, technologies: technologies)
        errata.documents = documents
        for i in technologies.indices {
            technologies[i].erratum = errata.examples.first { $0.technology == technologies[i].id && $0.erroneous }
        }
        return Parts(models: models, defaultModel: defaultModel, levels: levels, technologies: technologies,
                     tables: tables, errata: errata, files: files)
    }

    // MARK: models.json

    static func readModels(_ value: JSONValue?, log: ProblemLog) -> ([Model], Model?) {
        let r = ConfigReader(file: "models.json", log: log)
        guard let root = r.object(value, "", keys: ["default", "models"], required: ["default", "models"]) else {
            return ([], nil)
        }
        var models: [Model] = []
        var seen = Set<String>()
        for (i, item) in (r.array(root, "models", "") ?? []).enumerated() {
            let p = "/models/\(i)"
            guard let o = r.object(item, p, keys: ["id", "name", "description", "terms"], required: ["id", "terms"])
            else { continue }
            let id = r.string(o, "id", p)
            if let id, !seen.insert(id).inserted { r.fail(p + "/id", "duplicate model id \"\(id)\"") }
            var terms: [ModelTerm] = []
            var termsValid = true
            // Weights of readable terms by their index in the file: when another term is broken,
            // these are still checked one by one (the sum needs every term).
            var readableWeights: [(index: Int, weight: Double)] = []
            for (j, t) in (r.array(o, "terms", p) ?? []).enumerated() {
                let tp = "\(p)/terms/\(j)"
                guard let to = r.object(t, tp, keys: ["indicator", "weight", "inverted"], required: ["indicator", "weight"])
                else { termsValid = false; continue }
                let name = r.string(to, "indicator", tp)
                let indicator = name.flatMap(Indicator.init(rawValue:))
                if let name, indicator == nil { r.fail(tp + "/indicator", "\"\(name)\" is not an indicator") }
                let weight = r.number(to, "weight", tp)
                if let weight { readableWeights.append((j, weight)) }
                if let inverted = r.bool(to, "inverted", tp), let indicator, inverted != indicator.isInverted {
                    r.fail(tp + "/inverted", indicator.isInverted
                        ? "controversy is always inverted" : "only controversy is inverted, not \(indicator.rawValue)")
                }
                guard let indicator, let weight else { termsValid = false; continue }
                terms.append(ModelTerm(indicator: indicator, weight: weight))
            }
            if termsValid {
                for problem in Model.validate(terms: terms, base: p + "/terms", byName: false) {
                    r.fail(problem.pointer, problem.detail)
                }
            } else {
                for (j, weight) in readableWeights where weight < 0 {
                    r.fail("\(p)/terms/\(j)/weight", "must be at least 0, got \(weight.formatted)")
                }
            }
            let name = r.string(o, "name", p)
            let description = r.string(o, "description", p)
            guard let id else { continue }
            models.append(Model(id: id, name: name, description: description ?? "", terms: terms))
        }
        let defaultId = r.string(root, "default", "")
        models = models.map { m in
            m.id == defaultId ? Model(id: m.id, name: m.name, description: m.description, terms: m.terms, isDefault: true) : m
        }
        let defaultModel = models.first { $0.id == defaultId }
        if let defaultId, defaultModel == nil { r.fail("/default", "is not a defined model: \"\(defaultId)\"") }
        return (models, defaultModel)
    }

    // MARK: levels.json

    static func readLevels(_ value: JSONValue?, log: ProblemLog) -> [Level] {
        let r = ConfigReader(file: "levels.json", log: log)
        guard let root = r.object(value, "", keys: ["levels"], required: ["levels"]) else { return [] }
        var levels: [(Level, Int)] = []
        var seen = Set<String>()
        let keys = ["id", "name", "sourceName", "interval", "nominalDegree", "certainty", "profile", "research",
                    "marketStructure", "disputeFocus", "drivers"]
        for (i, item) in (r.array(root, "levels", "") ?? []).enumerated() {
            let p = "/levels/\(i)"
            guard let o = r.object(item, p, keys: keys, required: keys.filter { $0 != "disputeFocus" }) else { continue }
            let id = r.string(o, "id", p)
            if let id, !seen.insert(id).inserted { r.fail(p + "/id", "duplicate level id \"\(id)\"") }
            let interval = r.interval(o["interval"], p + "/interval")
            if let interval, interval.lower < 0 || interval.upper > 1 {
                r.fail(p + "/interval", "must lie within [0, 1], got \(interval.notation)")
            }
            var profile: [ProfileRange] = []
            for (j, entry) in (r.array(o, "profile", p) ?? []).enumerated() {
                let pp = "\(p)/profile/\(j)"
                guard let po = r.object(entry, pp, keys: ["indicator", "text", "interval"],
                                        required: ["indicator", "text", "interval"]) else { continue }
                let name = r.string(po, "indicator", pp)
                let indicator = name.flatMap(Indicator.init(rawValue:))
                if let name, indicator == nil { r.fail(pp + "/indicator", "\"\(name)\" is not an indicator") }
                let range = r.interval(po["interval"], pp + "/interval")
                let text = r.string(po, "text", pp)
                if let indicator, let range, let text {
                    profile.append(ProfileRange(indicator: indicator, interval: range, text: text))
                }
            }
            // Every member is read (and checked) before deciding whether the level is usable.
            let nominal = r.unit(o, "nominalDegree", p)
            let name = r.string(o, "name", p)
            let sourceName = r.string(o, "sourceName", p)
            let certainty = r.string(o, "certainty", p)
            let research = r.string(o, "research", p)
            let market = r.string(o, "marketStructure", p)
            let disputeFocus = r.string(o, "disputeFocus", p)
            let drivers = r.strings(o, "drivers", p)
            guard let id, let interval, let nominal, let name, let sourceName, let certainty, let research, let market
            else { continue }
            levels.append((Level(id: id, name: name, sourceName: sourceName, interval: interval, nominalDegree: nominal,
                                 certainty: certainty, profile: profile, research: research, marketStructure: market,
                                 disputeFocus: disputeFocus, drivers: drivers), i))
        }
        // The intervals must tile [0, 1]: no gap, no overlap, each bound shared by exactly one level.
        let sorted = levels.sorted { $0.0.interval.lower != $1.0.interval.lower
            ? $0.0.interval.lower < $1.0.interval.lower : $0.1 < $1.1 }
        if let first = sorted.first, !(first.0.interval.lower == 0 && first.0.interval.lowerInclusive) {
            r.fail("/levels/\(first.1)/interval", "the lowest level must start at 0 inclusive, got \(first.0.interval.notation)")
        }
        if let last = sorted.last, !(last.0.interval.upper == 1 && last.0.interval.upperInclusive) {
            r.fail("/levels/\(last.1)/interval", "the highest level must end at 1 inclusive, got \(last.0.interval.notation)")
        }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            let x = a.0.interval
            let y = b.0.interval
            let names = "\(a.0.id) \(x.notation) and \(b.0.id) \(y.notation)"
            if x.upper < y.lower {
                r.fail("/levels/\(b.1)/interval", "gap between \(names)")
            } else if x.upper > y.lower {
                r.fail("/levels/\(b.1)/interval", "overlap between \(names)")
            } else if x.upperInclusive && y.lowerInclusive {
                r.fail("/levels/\(b.1)/interval", "overlap between \(names): both include \(y.lower.formatted)")
            } else if !x.upperInclusive && !y.lowerInclusive {
                r.fail("/levels/\(b.1)/interval", "gap between \(names): neither includes \(y.lower.formatted)")
            }
        }
        if levels.isEmpty, log.problems.isEmpty { r.fail("/levels", "must define at least one level") }
        return sorted.map(\.0)
    }

    // MARK: Generated tables

    /// The level table, generated from levels.json (one source of truth).
    static func levelTable(_ levels: [Level]) -> Table {
        let columns = ["Level", "Name", "Source name", "Score interval", "Nominal degree", "Certainty", "Adoption",
                       "Standardization", "Controversy", "Research", "Market structure", "Dispute focus", "Drivers"]
        let rows = levels.map { level in
            let profile = { (i: Indicator) in level.profile.first { $0.indicator == i }?.text ?? "" }
            let values = [level.name, level.sourceName, level.interval.notation, percent(level.nominalDegree),
                          level.certainty, profile(.adoption), profile(.standardization), profile(.controversy),
                          level.research, level.marketStructure, level.disputeFocus ?? "",
                          level.drivers.joined(separator: ", ")]
            return TableRow(dimension: level.id, sourceDimension: nil, values: values, advantage: nil,
                            cells: [level.id] + values)
        }
        return Table(id: "levels", title: "Convergence levels L0–L4", sourceTitle: nil, kind: .levels, technology: nil,
                     columns: columns, approaches: nil, rows: rows, tally: nil)
    }

    /// Overview rows from the approaches' own data: products, adoption, research, degree.
    static func overviewRows(_ spec: TechnologySpec, levels: [Level], statuses: [String: String]) -> [TableRow] {
        let nominal = levels.first { $0.id == spec.sourceLevel }.map { percent($0.nominalDegree) } ?? ""
        let lines: [(key: String, dimension: String, source: String, values: [String])] = [
            ("products", "Representative products", "代表产品", spec.approaches.map { $0.products.joined(separator: ", ") }),
            ("adoption", "Adoption", "采用率", spec.approaches.map { $0.share.map(percent) ?? "" }),
            ("research", "Research effort", "研究投入", spec.approaches.map { $0.research ?? "" }),
            ("degree", "Convergence degree (nominal)", "收敛度", spec.approaches.map { _ in nominal }),
        ]
        return lines.map { line in
            let values = line.values + [statuses[line.key] ?? ""]
            return TableRow(dimension: line.dimension, sourceDimension: line.source, values: values, advantage: nil,
                            cells: [line.dimension] + values, sourceValues: spec.overviewSourceValues[line.key])
        }
    }

    static func percent(_ x: Double) -> String { Rounding.six(x * 100).formatted + "%" }

    // MARK: Errata

    /// Share claims of table rows that cannot hold: n schemes each holding at least `min` need
    /// n·min ≤ 1 (at n·min = 1 only an exact split of `min` each satisfies the claim), and each
    /// technology of the table's level with n approaches must have every share inside the claim.
    static func shareClaimFindings(tables: [Table], technologies: [Technology]) -> [ClaimFinding] {
        var findings: [ClaimFinding] = []
        for table in tables {
            for row in table.rows {
                guard let claim = row.shareClaim else { continue }
                let range = "[\(percent(claim.min)), \(percent(claim.max))]"
                let least = Rounding.six(Double(claim.schemes) * claim.min)
                let subject = table.level ?? table.id
                if least > 1 + 1e-9 {
                    findings.append(ClaimFinding(
                        kind: .shareClaim, subject: subject, table: table.id, value: least, min: claim.min, max: claim.max,
                        detail: "\(table.id) says each of \(claim.schemes) schemes holds \(range): together at least \(percent(least)), more than the whole market"))
                } else if least > 1 - 1e-9 {
                    findings.append(ClaimFinding(
                        kind: .shareClaim, subject: subject, table: table.id, value: least, min: claim.min, max: claim.max,
                        detail: "\(table.id) says each of \(claim.schemes) schemes holds \(range): together at least \(percent(least)), so with shares summing to at most 100% only an exact split of \(percent(claim.min)) each satisfies it; any leader above \(percent(claim.min)) leaves another scheme below it"))
                }
                for t in technologies where t.sourceLevel == table.level {
                    let shares = t.approaches.compactMap { a in a.share.map { (a.name, $0) } }
                    guard shares.count == claim.schemes else { continue }
                    for (name, share) in shares where share < claim.min || share > claim.max {
                        findings.append(ClaimFinding(
                            kind: .shareOutsideClaim, subject: t.id, table: table.id, value: share, min: claim.min,
                            max: claim.max,
                            detail: "\(t.id): \(name) holds \(percent(share)), outside the \(range) that \(table.id) says each of its \(claim.schemes) schemes holds"))
                    }
                }
            }
        }
        return findings
    }

    static func computeErrata(technologies: [Technology], levels: [Level], engine: Engine) -> Errata {
        var examples: [WorkedExample] = []
        var disagreements: [LevelDisagreement] = []
        for t in technologies {
            if let claimed = t.claimed {
                let difference = Rounding.six(t.score - claimed)
                examples.append(WorkedExample(technology: t.id, model: t.model, claimed: claimed, computed: t.score,
                                              difference: difference, erroneous: difference != 0))
            }
            if t.level.id != t.sourceLevel {
                disagreements.append(LevelDisagreement(
                    kind: .computedDegree, subject: t.id, value: t.score, statedLevel: t.sourceLevel,
                    thresholdLevel: t.level.id,
                    detail: "\(t.id) computes \(t.score.formatted), which the thresholds put in \(t.level.id), not \(t.sourceLevel)"))
            }
            if let claimed = t.claimed {
                let claimedLevel = engine.level(for: claimed).id
                if claimedLevel != t.sourceLevel {
                    disagreements.append(LevelDisagreement(
                        kind: .claimedDegree, subject: t.id, value: claimed, statedLevel: t.sourceLevel,
                        thresholdLevel: claimedLevel,
                        detail: "\(t.id) claims \(claimed.formatted), which the thresholds put in \(claimedLevel), not \(t.sourceLevel)"))
                }
            }
        }
        for level in levels {
            let actual = engine.level(for: level.nominalDegree).id
            if actual != level.id {
                disagreements.append(LevelDisagreement(
                    kind: .nominalDegree, subject: level.id, value: level.nominalDegree, statedLevel: level.id,
                    thresholdLevel: actual,
                    detail: "the nominal \(percent(level.nominalDegree)) of \(level.id) fails its own interval \(level.interval.notation): the thresholds put \(level.nominalDegree.formatted) in \(actual)"))
            }
        }
        return Errata(examples: examples, levels: disagreements)
    }
}
