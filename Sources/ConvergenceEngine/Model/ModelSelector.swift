/// Which model scores a request.
///
///     ModelSelector.id("extended")
///     ModelSelector.weights(["adoption": 0.5, "standardization": 0.3, "controversy": 0.2])
public enum ModelSelector: Sendable, Equatable, Hashable {
    /// A model of the loaded catalog, by id (unknown ids are a validation error at `/model`).
    case id(String)
    /// An inline model: weight per indicator name (unknown names are errors at `/weights/<name>`;
    /// controversy is always inverted).
    case weights([String: Double])
}
