import JSON

/// Reading tables from config: comparison tables inside a technology file, level comparisons
/// in `tables/<id>.json`.
enum TableSpec {
    /// `{"id","title","sourceTitle","approaches":["moe","dense"],"rows":[{"dimension","sourceDimension",
    /// "values":[…],"advantage":"moe"|null}]}`: columns are derived from the approaches.
    static func readComparison(_ value: JSONValue, pointer p: String, reader r: ConfigFileReader, technology: String,
                               approaches: [Approach], documents: [SourceDocument]) -> Table? {
        guard let o = r.object(value, p, keys: ["id", "title", "sourceTitle", "source", "sourceColumns", "approaches", "rows"],
                               required: ["id", "title", "approaches", "rows"]) else { return nil }
        var columnApproaches: [TableApproach] = []
        for (i, aid) in r.strings(o, "approaches", p).enumerated() {
            if let a = approaches.first(where: { $0.id == aid }) {
                columnApproaches.append(TableApproach(id: a.id, name: a.name))
            } else {
                r.fail("\(p)/approaches/\(i)", "is not an approach of this technology: \"\(aid)\"")
            }
        }
        if columnApproaches.count < 2 { r.fail(p + "/approaches", "a comparison needs at least two approaches") }
        let ids = columnApproaches.map(\.id)
        var rows: [TableRow] = []
        var counts = [Int](repeating: 0, count: columnApproaches.count)
        var none = 0
        for (i, item) in (r.array(o, "rows", p) ?? []).enumerated() {
            let rp = "\(p)/rows/\(i)"
            guard let ro = r.object(item, rp, keys: ["dimension", "sourceDimension", "values", "sourceValues", "advantage"],
                                    required: ["dimension", "values", "advantage"]) else { continue }
            let values = r.strings(ro, "values", rp)
            if values.count != columnApproaches.count {
                r.fail(rp + "/values", "must hold one value per approach (\(columnApproaches.count)), got \(values.count)")
            }
            let advantage = r.string(ro, "advantage", rp)
            if let advantage {
                if let k = ids.firstIndex(of: advantage) { counts[k] += 1 } else {
                    r.fail(rp + "/advantage", "is not an approach of this table: \"\(advantage)\"")
                }
            } else {
                none += 1
            }
            let sourceDimension = r.string(ro, "sourceDimension", rp)
            guard let dimension = r.string(ro, "dimension", rp) else { continue }
            let advantageName = advantage.flatMap { a in columnApproaches.first { $0.id == a }?.name } ?? "-"
            rows.append(TableRow(dimension: dimension, sourceDimension: sourceDimension,
                                 values: values, advantage: advantage, cells: [dimension] + values + [advantageName],
                                 sourceValues: sourceValues(ro, rp, reader: r, count: values.count + 1)))
        }
        guard let id = r.string(o, "id", p), let title = r.string(o, "title", p) else { return nil }
        let tally = TableTally(
            approaches: columnApproaches.enumerated().map { TableTally.Entry(approach: $1.id, name: $1.name, advantages: counts[$0]) },
            none: none)
        let columns = ["Dimension"] + columnApproaches.map(\.name) + ["Advantage"]
        return Table(id: id, title: title, sourceTitle: r.string(o, "sourceTitle", p), kind: .comparison,
                     technology: technology, columns: columns, approaches: columnApproaches, rows: rows, tally: tally,
                     sourceColumns: sourceColumns(o, p, reader: r, count: columns.count),
                     source: r.provenance(o, "source", p, documents: documents))
    }

    /// `{"id","title","sourceTitle","levels":["L2","L3"],"rows":[{"dimension","sourceDimension","values":[…]}]}`:
    /// columns are `Dimension` and `<level id>: <level name>`.
    static func readLevelComparison(_ value: JSONValue?, reader r: ConfigFileReader, levels: [Level],
                                    documents: [SourceDocument]) -> Table? {
        if case .object(let members)? = value, members.contains(where: { $0.0 == "columns" }) {
            return readLevelStatus(value, reader: r, levels: levels, documents: documents)
        }
        guard let o = r.object(value, "", keys: ["id", "title", "sourceTitle", "source", "sourceColumns", "levels", "rows"],
                               required: ["id", "title", "levels", "rows"]) else { return nil }
        var columns = ["Dimension"]
        let levelIds = r.strings(o, "levels", "")
        for (i, lid) in levelIds.enumerated() {
            if let level = levels.first(where: { $0.id == lid }) {
                columns.append("\(level.id): \(level.name)")
            } else if !levels.isEmpty {
                r.fail("/levels/\(i)", "is not a defined level: \"\(lid)\"")
            }
        }
        var rows: [TableRow] = []
        for (i, item) in (r.array(o, "rows", "") ?? []).enumerated() {
            let rp = "/rows/\(i)"
            guard let ro = r.object(item, rp, keys: ["dimension", "sourceDimension", "values", "sourceValues"],
                                    required: ["dimension", "values"]) else { continue }
            let values = r.strings(ro, "values", rp)
            if values.count != levelIds.count {
                r.fail(rp + "/values", "must hold one value per level (\(levelIds.count)), got \(values.count)")
            }
            let sourceDimension = r.string(ro, "sourceDimension", rp)
            guard let dimension = r.string(ro, "dimension", rp) else { continue }
            rows.append(TableRow(dimension: dimension, sourceDimension: sourceDimension,
                                 values: values, advantage: nil, cells: [dimension] + values,
                                 sourceValues: sourceValues(ro, rp, reader: r, count: values.count)))
        }
        guard let id = r.string(o, "id", ""), let title = r.string(o, "title", "") else { return nil }
        checkFileName(id, reader: r)
        return Table(id: id, title: title, sourceTitle: r.string(o, "sourceTitle", ""), kind: .levelComparison,
                     technology: nil, columns: columns, approaches: nil, rows: rows, tally: nil,
                     sourceColumns: sourceColumns(o, "", reader: r, count: columns.count),
                     source: r.provenance(o, "source", "", documents: documents))
    }

    /// `{"id","title","sourceTitle","source","level":"L2","columns":[…],"sourceColumns":[…],
    /// "rows":[{"dimension","sourceDimension","values","sourceValues","shareClaim"?}]}`: a level's
    /// state as the document tabulates it, its own columns given.
    static func readLevelStatus(_ value: JSONValue?, reader r: ConfigFileReader, levels: [Level],
                                documents: [SourceDocument]) -> Table? {
        let keys = ["id", "title", "sourceTitle", "source", "level", "columns", "sourceColumns", "rows"]
        guard let o = r.object(value, "", keys: keys, required: ["id", "title", "level", "columns", "rows"]) else {
            return nil
        }
        let level = r.string(o, "level", "")
        if let level, !levels.isEmpty, !levels.contains(where: { $0.id == level }) {
            r.fail("/level", "is not a defined level: \"\(level)\"")
        }
        let columns = r.strings(o, "columns", "")
        if columns.count < 2 { r.fail("/columns", "needs the dimension column and at least one value column") }
        var rows: [TableRow] = []
        for (i, item) in (r.array(o, "rows", "") ?? []).enumerated() {
            let rp = "/rows/\(i)"
            guard let ro = r.object(item, rp, keys: ["dimension", "sourceDimension", "values", "sourceValues", "shareClaim"],
                                    required: ["dimension", "values"]) else { continue }
            let values = r.strings(ro, "values", rp)
            if values.count != columns.count - 1 {
                r.fail(rp + "/values", "must hold one value per value column (\(columns.count - 1)), got \(values.count)")
            }
            let claim = shareClaim(ro["shareClaim"], rp + "/shareClaim", reader: r)
            guard let dimension = r.string(ro, "dimension", rp) else { continue }
            rows.append(TableRow(dimension: dimension, sourceDimension: r.string(ro, "sourceDimension", rp),
                                 values: values, advantage: nil, cells: [dimension] + values,
                                 sourceValues: sourceValues(ro, rp, reader: r, count: values.count), shareClaim: claim))
        }
        guard let id = r.string(o, "id", ""), let title = r.string(o, "title", "") else { return nil }
        checkFileName(id, reader: r)
        return Table(id: id, title: title, sourceTitle: r.string(o, "sourceTitle", ""), kind: .levelStatus,
                     technology: nil, columns: columns, approaches: nil, rows: rows, tally: nil,
                     sourceColumns: sourceColumns(o, "", reader: r, count: columns.count),
                     source: r.provenance(o, "source", "", documents: documents), level: level)
    }

    static func checkFileName(_ id: String, reader r: ConfigFileReader) {
        let expected = String(r.file.dropFirst("tables/".count).dropLast(".json".count))
        if id != expected { r.fail("/id", "must match the file name: \"\(expected)\", got \"\(id)\"") }
    }

    /// `{"schemes": 2, "min": 0.5, "max": 0.7}`.
    static func shareClaim(_ value: JSONValue?, _ p: String, reader r: ConfigFileReader) -> ShareClaim? {
        guard let o = r.object(value, p, keys: ["schemes", "min", "max"], required: ["schemes", "min", "max"]) else {
            return nil
        }
        let schemes = r.number(o, "schemes", p)
        if let schemes, schemes < 2 || schemes != schemes.rounded() || schemes > 1000 {
            r.fail(p + "/schemes", "must be an integer from 2 to 1000, got \(schemes.formatted)")
        }
        let lo = r.unit(o, "min", p)
        let hi = r.unit(o, "max", p)
        if let lo, let hi, lo > hi { r.fail(p, "min must not exceed max") }
        guard let schemes, let lo, let hi, schemes >= 2, schemes <= 1000, lo <= hi else { return nil }
        return ShareClaim(schemes: Int(schemes), min: lo, max: hi)
    }

    /// Optional `sourceColumns`: one per column when given.
    static func sourceColumns(_ o: [String: JSONValue], _ p: String, reader r: ConfigFileReader, count: Int) -> [String]? {
        guard o["sourceColumns"] != nil else { return nil }
        let columns = r.strings(o, "sourceColumns", p)
        if columns.count != count { r.fail(p + "/sourceColumns", "must hold one header per column (\(count)), got \(columns.count)") }
        return columns
    }

    /// Optional `sourceValues` of a row: one per cell after the dimension when given.
    static func sourceValues(_ o: [String: JSONValue], _ p: String, reader r: ConfigFileReader, count: Int) -> [String]? {
        guard o["sourceValues"] != nil else { return nil }
        let values = r.strings(o, "sourceValues", p)
        if values.count != count { r.fail(p + "/sourceValues", "must hold one value per cell after the dimension (\(count)), got \(values.count)") }
        return values
    }
}
