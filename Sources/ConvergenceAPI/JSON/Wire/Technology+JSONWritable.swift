public import ConvergenceEngine
public import JSON

// The JSON members of catalog technologies (`GET /technologies`, `/technologies/{id}`;
// openapi/openapi.json). Members the contract always lists are written as null when absent;
// the others (`sourceName`, a challenge's `formula`, …) are left out.

extension Technology: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("name"); w.string(name)
        if let sourceName { w.key("sourceName"); w.string(sourceName) }
        w.key("source"); w.value(source)
        w.key("sourceLevel"); w.string(sourceLevel)
        w.key("model"); w.string(model)
        // The given point values, in indicator order.
        w.key("indicators")
        w.beginObject()
        for indicator in Indicator.allCases {
            if case .point(let x)? = indicators[indicator] { w.dataKey(indicator.rawValue); w.number(x) }
        }
        w.endObject()
        w.key("claimed"); w.number(claimed)
        w.key("score"); w.number(score)
        w.key("level"); level.write(to: &w)
        w.key("trend"); w.value(trend)
        w.key("terms"); terms.write(to: &w)
        w.key("approaches"); approaches.write(to: &w)
        w.key("market"); w.value(market)
        w.key("erratum"); w.value(erratum)
        w.key("tables"); tables.write(to: &w)
        w.key("challenges"); challenges.write(to: &w)
        w.key("notes"); w.strings(notes)
        w.key("history"); history.write(to: &w)
        w.key("theorem"); w.value(theorem)
        w.endObject()
    }
}

extension TechnologySummary: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("name"); w.string(name)
        if let sourceName { w.key("sourceName"); w.string(sourceName) }
        w.key("model"); w.string(model)
        w.key("score"); w.number(score)
        w.key("level"); level.write(to: &w)
        w.key("sourceLevel"); w.string(sourceLevel)
        w.key("claimed"); w.number(claimed)
        w.key("trend"); w.value(trend)
        w.key("source"); w.value(source)
        w.endObject()
    }
}

extension Provenance: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("document"); w.string(document)
        w.key("section"); w.string(section)
        w.key("title"); w.string(title)
        w.key("version"); w.string(version)
        w.key("updated"); w.string(updated)
        w.key("note"); w.string(note)
        w.endObject()
    }
}

extension Approach: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("name"); w.string(name)
        if let sourceName { w.key("sourceName"); w.string(sourceName) }
        if let share { w.key("share"); w.number(share) }
        w.key("products"); w.strings(products)
        if let research { w.key("research"); w.string(research) }
        if let researchShare { w.key("researchShare"); w.number(researchShare) }
        w.endObject()
    }
}

extension Challenge: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        if let approach { w.key("approach"); w.string(approach) }
        w.key("title"); w.string(title)
        if let sourceTitle { w.key("sourceTitle"); w.string(sourceTitle) }
        w.key("problem"); w.string(problem)
        if let formula { w.key("formula"); w.string(formula) }
        w.key("remedies"); remedies.write(to: &w)
        w.endObject()
    }
}

extension Remedy: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("name"); w.string(name)
        w.key("reason"); w.string(reason)
        w.key("sourceText"); w.string(sourceText)
        w.endObject()
    }
}

extension HistoryPoint: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("date"); w.string(date)
        w.key("degree"); w.number(degree)
        w.key("kind"); w.string(kind.rawValue)
        if let note { w.key("note"); w.string(note) }
        w.endObject()
    }
}

extension Trend: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("direction"); w.string(direction.rawValue)
        w.key("slopePerYear"); w.number(slopePerYear)
        w.key("points"); w.int(points)
        w.endObject()
    }
}

extension Theorem: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("title"); w.string(title)
        w.key("sourceTitle"); w.string(sourceTitle)
        w.key("statement"); w.string(statement)
        w.key("premise"); w.string(premise)
        w.key("sourcePremise"); w.string(sourcePremise)
        w.key("typical"); typical.write(to: &w)
        w.key("source"); w.value(source)
        w.endObject()
    }
}

extension Theorem.TypicalRange: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("input"); w.string(input)
        w.key("min"); w.number(min)
        w.key("max"); w.number(max)
        if let sourceText { w.key("sourceText"); w.string(sourceText) }
        w.endObject()
    }
}
