import JSON

/// A technology as read from `catalog/<id>.json`, before the engine computes its figures.
struct TechnologySpec {
    var file: String
    var id: String
    var order: Int
    var name: String
    var sourceName: String?
    var sourceLevel: String
    var model: String
    var indicators: IndicatorValues
    var claimed: Double?
    var approaches: [Approach]
    var tables: [Table]
    var overview: Table?
    var overviewStatus: [String: String]
    /// Per overview line (`products`, …): the cells after the dimension in the source's words.
    var overviewSourceValues: [String: [String]]
    var challenges: [Challenge]
    var notes: [String]
    var history: [HistoryPoint]
    var source: Provenance?
    var theorem: Theorem?

    static let keys = ["id", "order", "name", "sourceName", "source", "sourceLevel", "model", "indicators", "claimed",
                       "approaches", "tables", "overview", "challenges", "notes", "history", "theorem"]

    static func read(_ value: JSONValue?, reader r: ConfigFileReader, models: [Model], levelIds: Set<String>,
                     documents: [SourceDocument]) -> TechnologySpec?
    {
        guard let o = r.object(value, "", keys: keys, required: ["id", "name", "sourceLevel", "model", "indicators"])
        else { return nil }
        let id = r.string(o, "id", "")
        let name = r.string(o, "name", "")
        let sourceLevel = r.string(o, "sourceLevel", "")
        if let sourceLevel, !levelIds.isEmpty, !levelIds.contains(sourceLevel) {
            r.fail("/sourceLevel", "is not a defined level: \"\(sourceLevel)\"")
        }
        let modelId = r.string(o, "model", "")
        let model = models.first { $0.id == modelId }
        if let modelId, model == nil, !models.isEmpty { r.fail("/model", "is not a defined model: \"\(modelId)\"") }
        let indicators = Self.indicators(o, reader: r, model: model)
        let claimed = r.unit(o, "claimed", "")
        let approaches = Self.approaches(o, reader: r)
        var tables: [Table] = []
        for (i, item) in (r.array(o, "tables", "") ?? []).enumerated() {
            if let table = TableSpec.readComparison(item, pointer: "/tables/\(i)", reader: r, technology: id ?? "",
                                                    approaches: approaches, documents: documents) {
                tables.append(table)
            }
        }
        let overview = Self.overview(o["overview"], reader: r, technology: id, approaches: approaches,
                                     documents: documents)
        let challenges = Self.challenges(o, reader: r, approachIds: Set(approaches.map(\.id)))
        let history = Self.history(o, reader: r)
        let theorem = Self.theorem(o["theorem"], reader: r, documents: documents)
        let source = r.provenance(o, "source", "", documents: documents)
        let orderValue = r.number(o, "order", "")
        guard let id, let name, let sourceLevel, let modelId else { return nil }
        return TechnologySpec(
            file: r.file, id: id, order: orderValue.map { Int($0) } ?? Int.max, name: name,
            sourceName: r.string(o, "sourceName", ""), sourceLevel: sourceLevel, model: modelId,
            indicators: indicators, claimed: claimed, approaches: approaches, tables: tables, overview: overview.table,
            overviewStatus: overview.statuses, overviewSourceValues: overview.sourceValues, challenges: challenges,
            notes: r.strings(o, "notes", ""), history: history, source: source, theorem: theorem)
    }

    /// `indicators`: a value in [0, 1] per indicator, each term of the technology's model present.
    static func indicators(_ o: [String: JSONValue], reader r: ConfigFileReader, model: Model?) -> IndicatorValues {
        var indicators = IndicatorValues()
        guard let io = r.object(o["indicators"], "/indicators", keys: Indicator.allCases.map(\.rawValue)) else {
            return indicators
        }
        for indicator in Indicator.allCases {
            if let x = r.unit(io, indicator.rawValue, "/indicators") { indicators[indicator] = .point(x) }
        }
        if let model {
            for term in model.terms where io[term.indicator.rawValue] == nil {
                r.fail("/indicators/" + term.indicator.rawValue, "is required by model \(model.id)")
            }
        }
        return indicators
    }

    /// `approaches`: unique ids, shares in [0, 1] summing to at most 1.
    static func approaches(_ o: [String: JSONValue], reader r: ConfigFileReader) -> [Approach] {
        var approaches: [Approach] = []
        var approachIds = Set<String>()
        var shareSum = 0.0
        let approachKeys = ["id", "name", "sourceName", "share", "products", "research", "researchShare"]
        for (i, item) in (r.array(o, "approaches", "") ?? []).enumerated() {
            let p = "/approaches/\(i)"
            guard let ao = r.object(item, p, keys: approachKeys, required: ["id", "name"]) else { continue }
            // Every member is read (and checked) before deciding whether the approach is usable,
            // so a missing id never hides a bad share.
            let aid = r.string(ao, "id", p)
            let aname = r.string(ao, "name", p)
            let share = r.unit(ao, "share", p)
            shareSum += share ?? 0
            let sourceName = r.string(ao, "sourceName", p)
            let products = r.strings(ao, "products", p)
            let research = r.string(ao, "research", p)
            let researchShare = r.unit(ao, "researchShare", p)
            guard let aid, let aname else { continue }
            if !approachIds.insert(aid).inserted { r.fail(p + "/id", "duplicate approach id \"\(aid)\"") }
            approaches.append(Approach(id: aid, name: aname, sourceName: sourceName, share: share,
                                       products: products, research: research, researchShare: researchShare))
        }
        if shareSum > 1 + 1e-9 {
            r.fail("/approaches", "shares must sum to at most 1, got \(Rounding.six(shareSum).formatted)")
        }
        return approaches
    }

    /// `overview`: the table comparing the approaches (its rows are generated once levels are
    /// known), the status per line and the source's own cells per line.
    static func overview(_ value: JSONValue?, reader r: ConfigFileReader, technology id: String?, approaches: [Approach],
                         documents: [SourceDocument])
        -> (table: Table?, statuses: [String: String], sourceValues: [String: [String]])
    {
        var statuses: [String: String] = [:]
        var overviewSource: [String: [String]] = [:]
        let overviewKeys = ["id", "title", "sourceTitle", "source", "statusColumn", "status", "headers", "sourceColumns",
                            "sourceValues"]
        guard let ov = r.object(value, "/overview", keys: overviewKeys, required: ["title"]) else {
            return (nil, statuses, overviewSource)
        }
        if approaches.count < 2 { r.fail("/overview", "needs at least two approaches") }
        let statusKeys = ["products", "adoption", "research", "degree"]
        if let so = r.object(ov["status"], "/overview/status", keys: statusKeys) {
            for key in statusKeys { statuses[key] = r.string(so, key, "/overview/status") }
        }
        if let sv = r.object(ov["sourceValues"], "/overview/sourceValues", keys: statusKeys) {
            for key in statusKeys where sv[key] != nil {
                let cells = r.strings(sv, key, "/overview/sourceValues")
                if cells.count != approaches.count + 1 {
                    r.fail("/overview/sourceValues/" + key,
                           "must hold one value per approach and the status (\(approaches.count + 1)), got \(cells.count)")
                }
                overviewSource[key] = cells
            }
        }
        // Headers as the source words them (`Long context (128K+)`), else the approach names.
        var headers = approaches.map(\.name)
        if ov["headers"] != nil {
            let given = r.strings(ov, "headers", "/overview")
            if given.count == approaches.count { headers = given } else {
                r.fail("/overview/headers", "must hold one header per approach (\(approaches.count)), got \(given.count)")
            }
        }
        let statusColumn = r.string(ov, "statusColumn", "/overview") ?? "Status"
        let columns = ["Dimension"] + headers + [statusColumn]
        guard let title = r.string(ov, "title", "/overview") else { return (nil, statuses, overviewSource) }
        let table = Table(
            id: r.string(ov, "id", "/overview") ?? (id ?? "") + "-overview", title: title,
            sourceTitle: r.string(ov, "sourceTitle", "/overview"), kind: .overview, technology: id,
            columns: columns,
            approaches: approaches.map { TableApproach(id: $0.id, name: $0.name) }, rows: [], tally: nil,
            sourceColumns: TableSpec.sourceColumns(ov, "/overview", reader: r, count: columns.count),
            source: r.provenance(ov, "source", "/overview", documents: documents))
        return (table, statuses, overviewSource)
    }

    /// `challenges`: each about one of the technology's approaches, if any.
    static func challenges(_ o: [String: JSONValue], reader r: ConfigFileReader, approachIds: Set<String>) -> [Challenge] {
        var challenges: [Challenge] = []
        for (i, item) in (r.array(o, "challenges", "") ?? []).enumerated() {
            let p = "/challenges/\(i)"
            guard let co = r.object(item, p, keys: ["approach", "title", "sourceTitle", "problem", "formula", "remedies"],
                                    required: ["title", "problem"]) else { continue }
            let approach = r.string(co, "approach", p)
            if let approach, !approachIds.contains(approach) {
                r.fail(p + "/approach", "is not an approach of this technology: \"\(approach)\"")
            }
            let title = r.string(co, "title", p)
            let problem = r.string(co, "problem", p)
            let sourceTitle = r.string(co, "sourceTitle", p)
            let formula = r.string(co, "formula", p)
            let remedies = Self.remedies(co, p, reader: r)
            guard let title, let problem else { continue }
            challenges.append(Challenge(approach: approach, title: title, sourceTitle: sourceTitle,
                                        problem: problem, formula: formula, remedies: remedies))
        }
        return challenges
    }

    /// `history`: dated degrees, observed or forecast (the default).
    static func history(_ o: [String: JSONValue], reader r: ConfigFileReader) -> [HistoryPoint] {
        var history: [HistoryPoint] = []
        for (i, item) in (r.array(o, "history", "") ?? []).enumerated() {
            let p = "/history/\(i)"
            guard let ho = r.object(item, p, keys: ["date", "degree", "kind", "note"], required: ["date", "degree"])
            else { continue }
            let date = r.string(ho, "date", p)
            if let date, HistoryPoint.fractionalYear(date) == nil {
                r.fail(p + "/date", "must be YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD, got \"\(date)\"")
            }
            var kind = HistoryPoint.Kind.forecast
            if let k = r.string(ho, "kind", p) {
                if let parsed = HistoryPoint.Kind(rawValue: k) { kind = parsed } else {
                    r.fail(p + "/kind", "must be \"observed\" or \"forecast\", got \"\(k)\"")
                }
            }
            let degree = r.unit(ho, "degree", p)
            let note = r.string(ho, "note", p)
            guard let date, let degree else { continue }
            history.append(HistoryPoint(date: date, degree: degree, kind: kind, note: note))
        }
        return history
    }

    /// `remedies`: names (`"GShard"`) or `{"name", "reason", "sourceText"}`.
    static func remedies(_ o: [String: JSONValue], _ p: String, reader r: ConfigFileReader) -> [Remedy] {
        var out: [Remedy] = []
        for (i, item) in (r.array(o, "remedies", p) ?? []).enumerated() {
            let rp = "\(p)/remedies/\(i)"
            if case .string(let name) = item {
                out.append(Remedy(name: name, reason: nil, sourceText: nil))
                continue
            }
            guard let ro = r.object(item, rp, keys: ["name", "reason", "sourceText"], required: ["name"]),
                  let name = r.string(ro, "name", rp) else { continue }
            out.append(Remedy(name: name, reason: r.string(ro, "reason", rp), sourceText: r.string(ro, "sourceText", rp)))
        }
        return out
    }

    /// `theorem`: `{title, sourceTitle, source, statement, premise, sourcePremise,
    /// typical: [{input, min, max, sourceText}]}`.
    static func theorem(_ value: JSONValue?, reader r: ConfigFileReader, documents: [SourceDocument]) -> Theorem? {
        let p = "/theorem"
        let keys = ["title", "sourceTitle", "source", "statement", "premise", "sourcePremise", "typical"]
        guard let o = r.object(value, p, keys: keys, required: ["title", "statement", "premise"]) else { return nil }
        var typical: [Theorem.TypicalRange] = []
        for (i, item) in (r.array(o, "typical", p) ?? []).enumerated() {
            let tp = "\(p)/typical/\(i)"
            guard let to = r.object(item, tp, keys: ["input", "min", "max", "sourceText"], required: ["input", "min", "max"])
            else { continue }
            let input = r.string(to, "input", tp)
            let lo = r.number(to, "min", tp)
            let hi = r.number(to, "max", tp)
            if let lo, let hi, !(lo.isFinite && hi.isFinite && lo <= hi) { r.fail(tp, "min must not exceed max") }
            guard let input, let lo, let hi, lo <= hi else { continue }
            typical.append(.init(input: input, min: lo, max: hi, sourceText: r.string(to, "sourceText", tp)))
        }
        let title = r.string(o, "title", p)
        let statement = r.string(o, "statement", p)
        let premise = r.string(o, "premise", p)
        let source = r.provenance(o, "source", p, documents: documents)
        guard let title, let statement, let premise else { return nil }
        return Theorem(title: title, sourceTitle: r.string(o, "sourceTitle", p), statement: statement, premise: premise,
                       sourcePremise: r.string(o, "sourcePremise", p), typical: typical, source: source)
    }

    /// Overview rows from the approaches' own data: products, adoption, research, degree.
    func overviewRows(levels: [Level]) -> [TableRow] {
        let nominal = levels.first { $0.id == sourceLevel }.map { $0.nominalDegree.formattedPercent } ?? ""
        let lines: [(key: String, dimension: String, source: String, values: [String])] = [
            ("products", "Representative products", "代表产品", approaches.map { $0.products.joined(separator: ", ") }),
            ("adoption", "Adoption", "采用率", approaches.map { $0.share.map(\.formattedPercent) ?? "" }),
            ("research", "Research effort", "研究投入", approaches.map { $0.research ?? "" }),
            ("degree", "Convergence degree (nominal)", "收敛度", approaches.map { _ in nominal }),
        ]
        return lines.map { line in
            let values = line.values + [overviewStatus[line.key] ?? ""]
            return TableRow(dimension: line.dimension, sourceDimension: line.source, values: values, advantage: nil,
                            cells: [line.dimension] + values, sourceValues: overviewSourceValues[line.key])
        }
    }
}
