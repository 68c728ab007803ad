/// Reading tables from config: comparison tables inside a technology file, level comparisons
/// in `tables/<id>.json`.
enum TableSpec {
    /// `{"id","title","sourceTitle","approaches":["moe","dense"],"rows":[{"dimension","sourceDimension",
    /// "values":[…],"advantage":"moe"|null}]}`: columns are derived from the approaches.
    static func readComparison(_ value: JSONValue, pointer p: String, reader r: ConfigReader, technology: String,
                               approaches: [Approach]) -> Table? {
        guard let o = r.object(value, p, keys: ["id", "title", "sourceTitle", "approaches", "rows"],
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
            guard let ro = r.object(item, rp, keys: ["dimension", "sourceDimension", "values", "advantage"],
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
                                 values: values, advantage: advantage, cells: [dimension] + values + [advantageName]))
        }
        guard let id = r.string(o, "id", p), let title = r.string(o, "title", p) else { return nil }
        let tally = TableTally(
            approaches: columnApproaches.enumerated().map { TableTally.Entry(approach: $1.id, name: $1.name, advantages: counts[$0]) },
            none: none)
        return Table(id: id, title: title, sourceTitle: r.string(o, "sourceTitle", p), kind: .comparison,
                     technology: technology, columns: ["Dimension"] + columnApproaches.map(\.name) + ["Advantage"],
                     approaches: columnApproaches, rows: rows, tally: tally)
    }

    /// `{"id","title","sourceTitle","levels":["L2","L3"],"rows":[{"dimension","sourceDimension","values":[…]}]}`:
    /// columns are `Dimension` and `<level id>: <level name>`.
    static func readLevelComparison(_ value: JSONValue?, reader r: ConfigReader, levels: [Level]) -> Table? {
        guard let o = r.object(value, "", keys: ["id", "title", "sourceTitle", "levels", "rows"],
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
            guard let ro = r.object(item, rp, keys: ["dimension", "sourceDimension", "values"],
                                    required: ["dimension", "values"]) else { continue }
            let values = r.strings(ro, "values", rp)
            if values.count != levelIds.count {
                r.fail(rp + "/values", "must hold one value per level (\(levelIds.count)), got \(values.count)")
            }
            let sourceDimension = r.string(ro, "sourceDimension", rp)
            guard let dimension = r.string(ro, "dimension", rp) else { continue }
            rows.append(TableRow(dimension: dimension, sourceDimension: sourceDimension,
                                 values: values, advantage: nil, cells: [dimension] + values))
        }
        guard let id = r.string(o, "id", ""), let title = r.string(o, "title", "") else { return nil }
        let expected = String(r.file.dropFirst("tables/".count).dropLast(".json".count))
        if id != expected { r.fail("/id", "must match the file name: \"\(expected)\", got \"\(id)\"") }
        return Table(id: id, title: title, sourceTitle: r.string(o, "sourceTitle", ""), kind: .levelComparison,
                     technology: nil, columns: columns, approaches: nil, rows: rows, tally: nil)
    }
}
