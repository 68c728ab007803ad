public import ConvergenceEngine
public import JSON

// The JSON members of `POST /compare` item comparisons (openapi/openapi.json).

extension ItemComparison: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("items"); items.write(to: &w)
        w.key("ranking")
        w.beginArray()
        for index in ranking { w.int(index) }
        w.endArray()
        w.key("leaders"); leaders.write(to: &w)
        w.key("gap"); w.number(gap)
        w.key("moreConverged"); w.string(moreConverged)
        w.key("moreConvergedIndex"); w.int(moreConvergedIndex)
        w.key("tie"); w.bool(tie)
        w.endObject()
    }
}

extension ComparedItem: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("index"); w.int(index)
        w.key("label"); w.string(label)
        if let technology { w.key("technology"); w.string(technology) }
        w.key("rank"); w.int(rank)
        w.key("model"); w.string(model)
        w.key("score"); w.number(score)
        w.key("level"); w.shared(level)
        w.key("terms"); terms.write(to: &w)
        w.endObject()
    }
}

extension IndicatorLeader: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("indicator"); w.raw(indicator.quotedName)
        w.key("leader"); w.string(leader)
        w.key("index"); w.int(index)
        w.key("value"); w.number(value)
        w.endObject()
    }
}
