/// The registry's text exposition (format 0.0.4) made conventional for scrapers and promtool:
/// families sorted by name, each with `# HELP` and `# TYPE`, and series sorted by their labels.
/// The registry keeps families and series in hash tables, whose order differs between processes,
/// so without this two replicas with the same counts would serve different bytes and ETags.
enum PrometheusExposition {
    private struct Family {
        var name: String
        var type: String
        /// Series in the registry's order; a histogram's or summary's series is several lines
        /// (buckets or quantiles, `_sum`, `_count`), kept together and in their order.
        var series: [[Substring]] = []
    }

    /// `help` maps a family name to its help text; a family missing from it gets no `# HELP`
    /// line, which `promtool check metrics` reports by name (and ServiceMetrics' tests catch).
    static func normalize(_ text: [UInt8], help: [String: String]) -> [UInt8] {
        let source = String(decoding: text, as: UTF8.self)
        var families: [Family] = []
        var open: [Substring] = []
        for line in source.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count >= 4 else { continue }
                families.append(Family(name: String(parts[2]), type: String(parts[3])))
                continue
            }
            // The registry's own HELP (none today) is replaced by ours; other comments are dropped.
            if line.hasPrefix("#") || families.isEmpty { continue }
            let multiLine = families[families.count - 1].type == "histogram" || families[families.count - 1].type == "summary"
            open.append(line)
            if !multiLine || metricName(line).hasSuffix("_count") {
                families[families.count - 1].series.append(open)
                open = []
            }
        }
        var out = ""
        out.reserveCapacity(text.count + families.count * 80)
        for family in families.sorted(by: { $0.name < $1.name }) {
            if let text = help[family.name] { out += "# HELP \(family.name) \(escaped(text))\n" }
            out += "# TYPE \(family.name) \(family.type)\n"
            // A series' identity is its last line's labels (`_count` has no `le`/`quantile`).
            for series in family.series.sorted(by: { labels($0.last ?? "") < labels($1.last ?? "") }) {
                for line in series { out += line; out += "\n" }
            }
        }
        return Array(out.utf8)
    }

    static func metricName(_ line: Substring) -> Substring {
        line.prefix { $0 != "{" && $0 != " " }
    }

    static func labels(_ line: Substring) -> Substring {
        guard let open = line.firstIndex(of: "{"), let close = line.lastIndex(of: "}") else { return "" }
        return line[open...close]
    }

    /// HELP text escapes: backslash and line feed.
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
