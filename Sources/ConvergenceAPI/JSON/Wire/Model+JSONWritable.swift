public import ConvergenceEngine
public import JSON

// The JSON members of scoring models (`GET /models`, `/models/{id}`; openapi/openapi.json).

extension Model: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("name"); w.string(name)
        w.key("description"); w.string(description)
        w.key("formula"); w.string(formula)
        w.key("terms"); terms.write(to: &w)
        w.key("default"); w.bool(isDefault)
        w.endObject()
    }
}

extension ModelTerm: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("indicator"); w.raw(indicator.quotedName)
        w.key("weight"); w.number(weight)
        w.key("inverted"); w.bool(inverted)
        w.endObject()
    }
}
