public import ConvergenceEngine
public import JSON

// The JSON members of the calculators' results (`POST /calculators/...`; openapi/openapi.json).

extension MoECost: JSONWritable {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        if let experts { w.key("experts"); w.int(experts) }
        if let active { w.key("active"); w.int(active) }
        if let totalParams { w.key("totalParams"); w.number(totalParams) }
        if let activeParams { w.key("activeParams"); w.number(activeParams) }
        w.key("ratio"); w.number(ratio)
        w.key("saving"); w.number(saving)
        if let premise { w.key("premise"); w.string(premise) }
        if let theorem { w.key("theorem"); theorem.write(to: &w) }
        w.key("outsideTypical"); w.strings(outsideTypical)
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
