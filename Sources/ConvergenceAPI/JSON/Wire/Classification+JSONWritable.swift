public import ConvergenceEngine
public import JSON

// The JSON members of `POST /classify` results and of levels (`GET /levels`; openapi/openapi.json).
// Levels are `shared`: written once per catalog version (`ServiceState.fragments`) and copied.
// A point's classification always lists `toNext`, `toPrevious` and `profileConsistent`, null at
// L4, at L0 and when no profiled indicator was given; a range's lists the levels it touches.

extension Classification: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        if let model { w.key("model"); w.string(model) }
        if let technology { w.key("technology"); w.string(technology) }
        if let scoreRange {
            w.key("scoreRange"); scoreRange.write(to: &w)
            if let terms { w.key("terms"); terms.write(to: &w) }
            if let unused { w.key("unused"); w.strings(unused) }
            w.key("levels")
            w.beginArray()
            for level in levels ?? [] { w.shared(level) }
            w.endArray()
            w.endObject()
            return
        }
        if let score { w.key("score"); w.number(score) }
        if let terms { w.key("terms"); terms.write(to: &w) }
        if let unused { w.key("unused"); w.strings(unused) }
        if let level { w.key("level"); w.shared(level) }
        if let margins { w.key("margins"); margins.write(to: &w) }
        w.key("toNext"); w.value(toNext)
        w.key("toPrevious"); w.value(toPrevious)
        w.key("profile"); profile.write(to: &w)
        w.key("profileConsistent"); w.bool(profileConsistent)
        w.endObject()
    }
}

extension Level: JSONWritable {
    public func write(to w: inout JSONWriter) {
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
        w.key("disputeFocus"); w.string(disputeFocus)
        w.key("drivers"); w.strings(drivers)
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
        w.key("level"); w.shared(level)
        w.key("score"); w.number(score)
        w.key("change"); w.number(change)
        w.key("indicators")
        w.beginObject()
        for target in indicators {
            w.dataKey(target.indicator.rawValue); w.number(target.value)
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
