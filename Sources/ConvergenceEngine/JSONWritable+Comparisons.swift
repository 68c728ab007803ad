// JSON writing of the other request-path results (`POST /compare`, `/calculators/*`): the same
// members and values as their `Encodable` conformances, checked by JSONWriterTests.

extension MarketAnalysis: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("leader"); w.string(leader)
        w.key("leaderShare"); w.number(leaderShare)
        w.key("gap"); w.number(gap)
        w.key("cr2"); w.number(cr2)
        w.key("hhi"); w.number(hhi)
        w.key("structure"); w.string(structure.rawValue)
        w.key("verdict"); w.string(verdict.rawValue)
        w.key("winner"); w.optional(winner) { $0.string($1) }
        w.key("other"); w.number(other)
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
        w.key("level"); level.write(to: &w)
        w.key("terms"); terms.write(to: &w)
        w.endObject()
    }
}

extension IndicatorLeader: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("indicator"); w.string(indicator.rawValue)
        w.key("leader"); w.string(leader)
        w.key("index"); w.optional(index) { $0.int($1) }
        w.key("value"); w.number(value)
        w.endObject()
    }
}

extension ItemComparison: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("items"); items.write(to: &w)
        w.key("ranking")
        w.beginArray()
        for i in ranking { w.int(i) }
        w.endArray()
        w.key("leaders"); leaders.write(to: &w)
        w.key("gap"); w.number(gap)
        w.key("moreConverged"); w.string(moreConverged)
        w.key("moreConvergedIndex"); w.optional(moreConvergedIndex) { $0.int($1) }
        w.key("tie"); w.bool(tie)
        w.endObject()
    }
}

extension CompareResult: JSONWritable {
    public func write(to w: inout JSONWriter) {
        switch self {
        case .market(let m): m.write(to: &w)
        case .items(let c): c.write(to: &w)
        }
    }
}

extension MoECost: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        if let experts { w.key("experts"); w.int(experts) }
        if let active { w.key("active"); w.int(active) }
        if let totalParams { w.key("totalParams"); w.number(totalParams) }
        if let activeParams { w.key("activeParams"); w.number(activeParams) }
        w.key("ratio"); w.number(ratio)
        w.key("saving"); w.number(saving)
        w.endObject()
    }
}

extension LoadImbalance: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("imbalance"); w.number(imbalance)
        w.key("coefficientOfVariation"); w.number(coefficientOfVariation)
        w.key("mean"); w.number(mean)
        w.key("min"); w.number(min)
        w.key("max"); w.number(max)
        w.key("count"); w.int(count)
        w.endObject()
    }
}

extension ContextCost: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("contextTokens"); w.number(contextTokens)
        w.key("retrievedTokens"); w.number(retrievedTokens)
        w.key("width"); w.number(width)
        w.key("longContext"); w.number(longContext)
        w.key("rag"); w.number(rag)
        w.key("ratio"); w.number(ratio)
        w.key("model"); w.string(model)
        w.endObject()
    }
}
