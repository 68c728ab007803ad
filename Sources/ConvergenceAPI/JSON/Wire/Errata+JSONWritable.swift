public import ConvergenceEngine
public import JSON

// The JSON members of `GET /errata` (openapi/openapi.json): the worked examples recomputed, the
// level disagreements, the share claims checked, and the source documents they cite.

extension Errata: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("examples"); examples.write(to: &w)
        w.key("levels"); levels.write(to: &w)
        w.key("claims"); claims.write(to: &w)
        w.key("documents"); documents.write(to: &w)
        w.endObject()
    }
}

extension WorkedExample: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("technology"); w.string(technology)
        w.key("model"); w.string(model)
        w.key("claimed"); w.number(claimed)
        w.key("computed"); w.number(computed)
        w.key("difference"); w.number(difference)
        w.key("erroneous"); w.bool(erroneous)
        w.endObject()
    }
}

extension LevelDisagreement: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("kind"); w.string(kind.rawValue)
        w.key("subject"); w.string(subject)
        w.key("value"); w.number(value)
        w.key("statedLevel"); w.string(statedLevel)
        w.key("thresholdLevel"); w.string(thresholdLevel)
        w.key("detail"); w.string(detail)
        w.endObject()
    }
}

extension ClaimFinding: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("kind"); w.string(kind.rawValue)
        w.key("subject"); w.string(subject)
        w.key("table"); w.string(table)
        w.key("value"); w.number(value)
        w.key("min"); w.number(min)
        w.key("max"); w.number(max)
        w.key("detail"); w.string(detail)
        w.endObject()
    }
}

extension SourceDocument: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("title"); w.string(title)
        w.key("version"); w.string(version)
        w.key("versionNote"); w.string(versionNote)
        w.key("updated"); w.string(updated)
        w.key("maintainer"); w.string(maintainer)
        w.key("references"); references.write(to: &w)
        w.endObject()
    }
}

extension SourceDocument.Reference: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("kind"); w.string(kind)
        w.key("text"); w.string(text)
        if let note { w.key("note"); w.string(note) }
        w.endObject()
    }
}
