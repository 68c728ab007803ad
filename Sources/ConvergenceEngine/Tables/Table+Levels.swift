extension Table {
    /// The level table, generated from levels.json (one source of truth).
    static func levelTable(_ levels: [Level]) -> Table {
        let columns = ["Level", "Name", "Source name", "Score interval", "Nominal degree", "Certainty", "Adoption",
                       "Standardization", "Controversy", "Research", "Market structure", "Dispute focus", "Drivers"]
        let rows = levels.map { level in
            let profile = { (i: Indicator) in level.profile.first { $0.indicator == i }?.text ?? "" }
            let values = [level.name, level.sourceName, level.interval.notation, level.nominalDegree.formattedPercent,
                          level.certainty, profile(.adoption), profile(.standardization), profile(.controversy),
                          level.research, level.marketStructure, level.disputeFocus ?? "",
                          level.drivers.joined(separator: ", ")]
            return TableRow(dimension: level.id, sourceDimension: nil, values: values, advantage: nil,
                            cells: [level.id] + values)
        }
        return Table(id: "levels", title: "Convergence levels L0–L4", sourceTitle: nil, kind: .levels, technology: nil,
                     columns: columns, approaches: nil, rows: rows, tally: nil)
    }
}
