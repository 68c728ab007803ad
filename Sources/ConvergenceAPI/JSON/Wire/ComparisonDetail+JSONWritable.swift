public import ConvergenceEngine
public import JSON

// The JSON members of the catalog's comparisons (`GET /compare`, `/compare/{id}`;
// openapi/openapi.json).

extension ComparisonDetail: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("title"); w.string(title)
        w.key("approaches"); approaches.write(to: &w)
        w.key("market"); w.value(market)
        w.key("table"); w.value(table)
        w.key("overview"); w.value(overview)
        w.key("model"); w.string(model)
        w.key("score"); w.number(score)
        w.key("level"); level.write(to: &w)
        w.key("sourceLevel"); w.string(sourceLevel)
        w.key("erratum"); w.value(erratum)
        w.key("source"); w.value(source)
        w.endObject()
    }
}

extension ComparisonSummary: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("title"); w.string(title)
        w.key("approaches"); w.strings(approaches)
        w.endObject()
    }
}
