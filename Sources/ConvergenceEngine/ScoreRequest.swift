/// One scoring request, as the API builds it from a decoded body or query.
///
///     ScoreRequest(indicators: IndicatorValues(points: [.adoption: 0.6, .standardization: 0.7, .controversy: 0.3]))
///     ScoreRequest(technology: "moe-vs-dense")
///     ScoreRequest(indicators: values, model: .weights(["adoption": 0.5, "standardization": 0.5]))
///     try JSONDecoder().decode(ScoreRequest.self, from: body)        // any /score body object
///     ScoreRequest(query: [("adoption", "0.6"), ("model", "formal")])   // GET /score?…
///
/// Building one never fails: values of the wrong shape become `IndicatorInput.invalid` or
/// `inputProblems`, and the engine reports them together with every other problem.
public struct ScoreRequest: Sendable, Equatable, Hashable {
    /// Values given in the request; with `technology` they override the catalog's values.
    public var indicators: IndicatorValues
    /// nil: the technology's model, else the engine's default model.
    public var model: ModelSelector?
    /// A catalog technology whose indicators (and model, unless `model` is set) are used.
    public var technology: String?
    /// A name for the item in comparisons (defaults to the technology id or `#<index>`).
    public var label: String?
    /// A bare score to classify (`{"score":0.68}`); only `classify` reads it.
    public var score: Double?
    /// Other field names the request carried: listed under `unused`, never an error.
    public var extraFields: [String]
    /// Problems found while building the request (e.g. `model` not a string), reported by the
    /// engine with the rest.
    public var inputProblems: [ValidationError.Problem]

    public init(indicators: IndicatorValues = IndicatorValues(), model: ModelSelector? = nil,
                technology: String? = nil, label: String? = nil, score: Double? = nil, extraFields: [String] = [],
                inputProblems: [ValidationError.Problem] = []) {
        self.indicators = indicators
        self.model = model
        self.technology = technology
        self.label = label
        self.score = score
        self.extraFields = extraFields
        self.inputProblems = inputProblems
    }

    /// From query parameters (`GET /score`, `GET /classify`): indicator names take a number or
    /// a range `lo,hi`; `model`, `technology`, `label`, `score`; `weights.<indicator>` for an
    /// inline model. Anything else is listed under `unused`.
    public init(query: [(name: String, value: String)]) {
        self.init()
        var weights: [String: Double] = [:]
        for (name, value) in query {
            if let indicator = Indicator(rawValue: name) {
                indicators[indicator] = IndicatorInput(text: value)
            } else if name.hasPrefix("weights.") {
                let key = String(name.dropFirst("weights.".count))
                if let w = Double(value) { weights[key] = w } else {
                    inputProblems.append(.init(pointer: Pointer.join("/weights", key), detail: "must be a number, got \"\(value)\""))
                }
            } else {
                switch name {
                case "model": model = .id(value)
                case "technology": technology = value
                case "label": label = value
                case "score":
                    if let s = Double(value) { score = s } else {
                        inputProblems.append(.init(pointer: "/score", detail: "must be a number, got \"\(value)\""))
                    }
                default: if !extraFields.contains(name) { extraFields.append(name) }
                }
            }
        }
        if !weights.isEmpty {
            if model != nil {
                inputProblems.append(.init(pointer: "/weights", detail: "give either model or weights, not both"))
            }
            model = .weights(weights)
        }
    }
}

extension ScoreRequest: Decodable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes any JSON object. Only a non-object fails to decode; every wrong field becomes a
    /// problem the engine reports with its pointer.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: Key.self)
        var weightsGiven = false
        for key in c.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            let name = key.stringValue
            if let indicator = Indicator(rawValue: name) {
                indicators[indicator] = Self.decodeInput(c, key)
                continue
            }
            switch name {
            case "model":
                if let id = try? c.decode(String.self, forKey: key) { if !weightsGiven { model = .id(id) } } else {
                    inputProblems.append(.init(pointer: "/model", detail: "must be a model id (a string)"))
                }
            case "weights":
                weightsGiven = true
                if case .id? = model { inputProblems.append(.init(pointer: "/weights", detail: "give either model or weights, not both")) }
                model = .weights(Self.decodeWeights(c, key, &inputProblems))
            case "technology":
                if let id = try? c.decode(String.self, forKey: key) { technology = id } else {
                    inputProblems.append(.init(pointer: "/technology", detail: "must be a technology id (a string)"))
                }
            case "label":
                if let text = try? c.decode(String.self, forKey: key) { label = text } else {
                    inputProblems.append(.init(pointer: "/label", detail: "must be a string"))
                }
            case "score":
                if let s = try? c.decode(Double.self, forKey: key) { score = s } else {
                    inputProblems.append(.init(pointer: "/score", detail: "must be a number between 0 and 1"))
                }
            default:
                extraFields.append(name)
            }
        }
        if weightsGiven, case .id? = model {
            inputProblems.append(.init(pointer: "/weights", detail: "give either model or weights, not both"))
        }
    }

    private static func decodeInput(_ c: KeyedDecodingContainer<Key>, _ key: Key) -> IndicatorInput {
        if let x = try? c.decode(Double.self, forKey: key) { return .point(x) }
        if let pair = try? c.decode([Double].self, forKey: key) {
            return pair.count == 2 ? .range(pair[0], pair[1]) : .invalid(.notARange)
        }
        if (try? c.decode([JSONValue].self, forKey: key)) != nil { return .invalid(.notARange) }
        // Also a number literal too large for a double (1e999): the decoder refuses it.
        return .invalid(.notANumber)
    }

    private static func decodeWeights(_ c: KeyedDecodingContainer<Key>, _ key: Key,
                                      _ problems: inout [ValidationError.Problem]) -> [String: Double] {
        guard let object = try? c.decode([String: JSONValue].self, forKey: key) else {
            problems.append(.init(pointer: "/weights", detail: "must be an object of weights by indicator"))
            return [:]
        }
        var weights: [String: Double] = [:]
        for name in object.keys.sorted() {
            if case .number(let w)? = object[name] { weights[name] = w } else {
                problems.append(.init(pointer: Pointer.join("/weights", name), detail: "must be a number"))
            }
        }
        return weights
    }
}
