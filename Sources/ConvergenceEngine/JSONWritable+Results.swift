// JSON writing of the request-path results (`POST /score`, `POST /classify`): the same
// members and values as their `Encodable` conformances, checked by EncodingTests.

extension ScoreRange: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("min"); w.number(min)
        w.key("max"); w.number(max)
        w.endObject()
    }
}

extension LevelReference: JSONWritable {
    public func write(to w: inout JSONWriter) { w.raw(json) }

    static func render(id: String, name: String, sourceName: String, nominalDegree: Double) -> [UInt8] {
        var w = JSONWriter(capacity: 160)
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("name"); w.string(name)
        w.key("sourceName"); w.string(sourceName)
        w.key("nominalDegree"); w.number(nominalDegree)
        w.endObject()
        return w.bytes
    }
}

extension TermResult: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("indicator"); w.string(indicator.rawValue)
        if let value { w.key("value"); w.number(value) }
        if let valueRange { w.key("valueRange"); valueRange.write(to: &w) }
        w.key("weight"); w.number(weight)
        w.key("inverted"); w.bool(inverted)
        if let contribution { w.key("contribution"); w.number(contribution) }
        if let contributionRange { w.key("contributionRange"); contributionRange.write(to: &w) }
        w.endObject()
    }
}

extension ScoreResult: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("model"); w.string(model)
        if let technology { w.key("technology"); w.string(technology) }
        if let score { w.key("score"); w.number(score) }
        if let scoreRange { w.key("scoreRange"); scoreRange.write(to: &w) }
        w.key("terms"); terms.write(to: &w)
        w.key("unused"); w.strings(unused)
        if let level { w.key("level"); level.write(to: &w) }
        if let levels { w.key("levels"); w.strings(levels) }
        w.endObject()
    }
}

extension Interval: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("lower"); w.number(lower)
        w.key("upper"); w.number(upper)
        w.key("lowerInclusive"); w.bool(lowerInclusive)
        w.key("upperInclusive"); w.bool(upperInclusive)
        w.endObject()
    }
}

extension ProfileRange: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("indicator"); w.string(indicator.rawValue)
        w.key("min"); w.number(interval.lower)
        w.key("max"); w.number(interval.upper)
        w.key("minInclusive"); w.bool(interval.lowerInclusive)
        w.key("maxInclusive"); w.bool(interval.upperInclusive)
        w.key("text"); w.string(text)
        w.endObject()
    }
}

extension Level: JSONWritable {
    /// Levels are rendered once, when loaded: classifications copy the bytes.
    public func write(to w: inout JSONWriter) { w.raw(json) }

    // Takes the fields, not the level: it runs in the initializer, before `self` is complete.
    static func render(id: String, name: String, sourceName: String, interval: Interval, nominalDegree: Double,
                       certainty: String, profile: [ProfileRange], research: String, marketStructure: String,
                       disputeFocus: String?, drivers: [String]) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("name"); w.string(name)
        w.key("sourceName"); w.string(sourceName)
        w.key("interval"); interval.write(to: &w)
        w.key("nominalDegree"); w.number(nominalDegree)
        w.key("certainty"); w.string(certainty)
        w.key("profile"); profile.write(to: &w)
        w.key("research"); w.string(research)
        w.key("marketStructure"); w.string(marketStructure)
        w.key("disputeFocus"); w.optional(disputeFocus) { $0.string($1) }
        w.key("drivers"); w.strings(drivers)
        w.endObject()
        return w.bytes
    }
}

extension Margins: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("toLower"); w.number(toLower)
        w.key("toUpper"); w.number(toUpper)
        w.endObject()
    }
}

extension LevelStep: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("level"); level.write(to: &w)
        w.key("score"); w.number(score)
        w.key("change"); w.number(change)
        w.key("indicators")
        w.beginObject()
        for target in indicators {
            w.key(target.indicator.rawValue)
            w.optional(target.value) { $0.number($1) }
        }
        w.endObject()
        w.endObject()
    }
}

extension ProfileCheck: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("indicator"); w.string(indicator.rawValue)
        w.key("value"); w.number(value)
        w.key("expected"); expected.write(to: &w)
        w.key("inside"); w.bool(inside)
        w.endObject()
    }
}

extension Classification: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        if let model { w.key("model"); w.string(model) }
        if let technology { w.key("technology"); w.string(technology) }
        if let scoreRange {
            w.key("scoreRange"); scoreRange.write(to: &w)
            if let terms { w.key("terms"); terms.write(to: &w) }
            if let unused { w.key("unused"); w.strings(unused) }
            w.key("levels"); (levels ?? []).write(to: &w)
            w.endObject()
            return
        }
        if let score { w.key("score"); w.number(score) }
        if let terms { w.key("terms"); terms.write(to: &w) }
        if let unused { w.key("unused"); w.strings(unused) }
        if let level { w.key("level"); level.write(to: &w) }
        if let margins { w.key("margins"); margins.write(to: &w) }
        w.key("toNext"); w.optional(toNext) { toNext, step in step.write(to: &toNext) }
        w.key("toPrevious"); w.optional(toPrevious) { toPrevious, step in step.write(to: &toPrevious) }
        w.key("profile"); profile.write(to: &w)
        w.key("profileConsistent"); w.optional(profileConsistent) { $0.bool($1) }
        w.endObject()
    }
}
