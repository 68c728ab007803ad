/// One scoring request, as the API builds it (`RequestMapping`) from a parsed body or a query.
///
///     ScoreRequest(indicators: IndicatorValues(points: [.adoption: 0.6, .standardization: 0.7, .controversy: 0.3]))
///     ScoreRequest(technology: "moe-vs-dense")
///     ScoreRequest(indicators: values, model: .weights(["adoption": 0.5, "standardization": 0.5]))
///
/// Values of the wrong shape become `IndicatorInput.invalid` or `inputProblems`, and the engine
/// reports them together with every other problem.
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
}
