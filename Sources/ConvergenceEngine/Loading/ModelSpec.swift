import JSON

/// Reading `models.json`: `{"default": "formal", "models": [{id, name, description, terms: [{indicator, weight}]}]}`.
enum ModelSpec {
    /// The models, the default one marked, and the default model (nil when it is not defined).
    static func read(_ value: JSONValue?, log: ProblemLog) -> ([Model], Model?) {
        let r = ConfigFileReader(file: "models.json", log: log)
        guard let root = r.object(value, "", keys: ["default", "models"], required: ["default", "models"]) else {
            return ([], nil)
        }
        var models: [Model] = []
        var seen = Set<String>()
        for (i, item) in (r.array(root, "models", "") ?? []).enumerated() {
            let p = "/models/\(i)"
            guard let o = r.object(item, p, keys: ["id", "name", "description", "terms"], required: ["id", "terms"])
            else { continue }
            let id = r.string(o, "id", p)
            if let id, !seen.insert(id).inserted { r.fail(p + "/id", "duplicate model id \"\(id)\"") }
            let terms = Self.terms(o, pointer: p, reader: r)
            let name = r.string(o, "name", p)
            let description = r.string(o, "description", p)
            guard let id else { continue }
            models.append(Model(id: id, name: name, description: description ?? "", terms: terms))
        }
        let defaultId = r.string(root, "default", "")
        models = models.map { m in
            m.id == defaultId ? Model(id: m.id, name: m.name, description: m.description, terms: m.terms, isDefault: true) : m
        }
        let defaultModel = models.first { $0.id == defaultId }
        if let defaultId, defaultModel == nil { r.fail("/default", "is not a defined model: \"\(defaultId)\"") }
        return (models, defaultModel)
    }

    /// A model's `terms`, checked together as a request's weights are (docs/model.md#models).
    static func terms(_ o: [String: JSONValue], pointer p: String, reader r: ConfigFileReader) -> [ModelTerm] {
        var terms: [ModelTerm] = []
        var termsValid = true
        // Weights of readable terms by their index in the file: when another term is broken,
        // these are still checked one by one (the sum needs every term).
        var readableWeights: [(index: Int, weight: Double)] = []
        for (j, t) in (r.array(o, "terms", p) ?? []).enumerated() {
            let tp = "\(p)/terms/\(j)"
            guard let to = r.object(t, tp, keys: ["indicator", "weight", "inverted"], required: ["indicator", "weight"])
            else { termsValid = false; continue }
            let name = r.string(to, "indicator", tp)
            let indicator = name.flatMap(Indicator.init(rawValue:))
            if let name, indicator == nil { r.fail(tp + "/indicator", "\"\(name)\" is not an indicator") }
            let weight = r.number(to, "weight", tp)
            if let weight { readableWeights.append((j, weight)) }
            if let inverted = r.bool(to, "inverted", tp), let indicator, inverted != indicator.isInverted {
                r.fail(tp + "/inverted", indicator.isInverted
                    ? "controversy is always inverted" : "only controversy is inverted, not \(indicator.rawValue)")
            }
            guard let indicator, let weight else { termsValid = false; continue }
            terms.append(ModelTerm(indicator: indicator, weight: weight))
        }
        if termsValid {
            for problem in Model.validate(terms: terms, base: p + "/terms", byName: false) {
                r.fail(problem.pointer, problem.detail)
            }
        } else {
            for (j, weight) in readableWeights where weight < 0 {
                r.fail("\(p)/terms/\(j)/weight", "must be at least 0, got \(weight.formatted)")
            }
        }
        return terms
    }
}
