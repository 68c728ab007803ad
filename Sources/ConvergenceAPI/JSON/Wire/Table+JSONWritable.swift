public import ConvergenceEngine
public import JSON

// The JSON members of catalog tables (`GET /tables`, `/tables/{id}`; openapi/openapi.json):
// optional members are left out when absent, except a row's `advantage` (null when no approach
// has it).

extension Table: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("title"); w.string(title)
        if let sourceTitle { w.key("sourceTitle"); w.string(sourceTitle) }
        w.key("kind"); w.string(kind.rawValue)
        if let technology { w.key("technology"); w.string(technology) }
        w.key("columns"); w.strings(columns)
        if let approaches { w.key("approaches"); approaches.write(to: &w) }
        w.key("rows"); rows.write(to: &w)
        if let tally { w.key("tally"); tally.write(to: &w) }
        if let sourceColumns { w.key("sourceColumns"); w.strings(sourceColumns) }
        if let source { w.key("source"); source.write(to: &w) }
        if let level { w.key("level"); w.string(level) }
        w.endObject()
    }
}

extension TableRow: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("dimension"); w.string(dimension)
        if let sourceDimension { w.key("sourceDimension"); w.string(sourceDimension) }
        w.key("values"); w.strings(values)
        w.key("advantage"); w.string(advantage)
        w.key("cells"); w.strings(cells)
        if let sourceValues { w.key("sourceValues"); w.strings(sourceValues) }
        w.endObject()
    }
}

extension TableTally: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("approaches"); approaches.write(to: &w)
        w.key("none"); w.int(none)
        w.endObject()
    }
}

extension TableTally.Entry: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("approach"); w.string(approach)
        w.key("name"); w.string(name)
        w.key("advantages"); w.int(advantages)
        w.endObject()
    }
}

extension TableSummary: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("title"); w.string(title)
        w.key("kind"); w.string(kind.rawValue)
        w.key("columns"); w.strings(columns)
        w.endObject()
    }
}

extension TableApproach: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("name"); w.string(name)
        w.endObject()
    }
}
