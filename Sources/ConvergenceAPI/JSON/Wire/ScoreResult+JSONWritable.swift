public import ConvergenceEngine
public import JSON

// The JSON members of `POST /score` results (openapi/openapi.json): optional members are left
// out when absent (point inputs have `score` and `level`, range inputs `scoreRange` and `levels`).

// Results and their terms are the documents written most: their member names are fixed
// fragments with their commas (`member`), copied rather than checked for escapes one by one.
// `model` and `indicator` always come first, so every later member follows another.

extension ScoreResult: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.member(#""model":"#); w.string(model)
        if let technology { w.member(#","technology":"#); w.string(technology) }
        if let score { w.member(#","score":"#); w.number(score) }
        if let scoreRange { w.member(#","scoreRange":"#); scoreRange.write(to: &w) }
        w.member(#","terms":"#); terms.write(to: &w)
        w.member(#","unused":"#); w.strings(unused)
        if let level { w.member(#","level":"#); w.shared(level) }
        if let levels { w.member(#","levels":"#); w.strings(levels) }
        w.endObject()
    }
}

extension TermResult: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.member(#""indicator":"#); w.raw(indicator.quotedName)
        if let value { w.member(#","value":"#); w.number(value) }
        if let valueRange { w.member(#","valueRange":"#); valueRange.write(to: &w) }
        w.member(#","weight":"#); w.number(weight)
        w.member(inverted ? #","inverted":true"# : #","inverted":false"#)
        if let contribution { w.member(#","contribution":"#); w.number(contribution) }
        if let contributionRange { w.member(#","contributionRange":"#); contributionRange.write(to: &w) }
        w.endObject()
    }
}

extension ScoreRange: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("min"); w.number(min)
        w.key("max"); w.number(max)
        w.endObject()
    }
}

extension LevelReference: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("name"); w.string(name)
        w.key("sourceName"); w.string(sourceName)
        w.key("nominalDegree"); w.number(nominalDegree)
        w.endObject()
    }
}

extension Indicator {
    /// The name as a JSON string, quotes included: written per term of every result, so it is
    /// copied from the binary rather than checked for escapes each time (the names need none;
    /// EncodingTests holds these to `rawValue`).
    var quotedName: StaticString {
        switch self {
        case .adoption: #""adoption""#
        case .standardization: #""standardization""#
        case .controversy: #""controversy""#
        case .maturity: #""maturity""#
        case .completeness: #""completeness""#
        case .research: #""research""#
        }
    }
}
