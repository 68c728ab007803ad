import JSON

/// Reading `levels.json`: `{"levels": [{id, name, sourceName, interval, nominalDegree, certainty, profile, …}]}`.
enum LevelSpec {
    static let keys = ["id", "name", "sourceName", "interval", "nominalDegree", "certainty", "profile", "research",
                       "marketStructure", "disputeFocus", "drivers"]

    /// The levels, ordered by their intervals, which must tile [0, 1].
    static func read(_ value: JSONValue?, log: ProblemLog) -> [Level] {
        let r = ConfigFileReader(file: "levels.json", log: log)
        guard let root = r.object(value, "", keys: ["levels"], required: ["levels"]) else { return [] }
        var levels: [(Level, Int)] = []
        var seen = Set<String>()
        for (i, item) in (r.array(root, "levels", "") ?? []).enumerated() {
            if let level = level(item, pointer: "/levels/\(i)", reader: r, seen: &seen) { levels.append((level, i)) }
        }
        let sorted = levels.sorted { $0.0.interval.lower != $1.0.interval.lower
            ? $0.0.interval.lower < $1.0.interval.lower : $0.1 < $1.1 }
        checkTiling(sorted, reader: r)
        if levels.isEmpty, log.problems.isEmpty { r.fail("/levels", "must define at least one level") }
        return sorted.map(\.0)
    }

    /// One level; nil (its problems reported) when it is not usable.
    static func level(_ item: JSONValue, pointer p: String, reader r: ConfigFileReader, seen: inout Set<String>) -> Level? {
        guard let o = r.object(item, p, keys: keys, required: keys.filter { $0 != "disputeFocus" }) else { return nil }
        let id = r.string(o, "id", p)
        if let id, !seen.insert(id).inserted { r.fail(p + "/id", "duplicate level id \"\(id)\"") }
        let interval = r.interval(o["interval"], p + "/interval")
        if let interval, interval.lower < 0 || interval.upper > 1 {
            r.fail(p + "/interval", "must lie within [0, 1], got \(interval.notation)")
        }
        let profile = Self.profile(o, pointer: p, reader: r)
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
        else { return nil }
        return Level(id: id, name: name, sourceName: sourceName, interval: interval, nominalDegree: nominal,
                     certainty: certainty, profile: profile, research: research, marketStructure: market,
                     disputeFocus: disputeFocus, drivers: drivers)
    }

    /// `profile`: `[{indicator, text, interval}]`, the range the level expects of an indicator.
    static func profile(_ o: [String: JSONValue], pointer p: String, reader r: ConfigFileReader) -> [ProfileRange] {
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
        return profile
    }

    /// The intervals must tile [0, 1]: no gap, no overlap, each bound shared by exactly one level.
    /// `sorted`: the levels by lower bound, each with its index in the file.
    static func checkTiling(_ sorted: [(Level, Int)], reader r: ConfigFileReader) {
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
    }
}
