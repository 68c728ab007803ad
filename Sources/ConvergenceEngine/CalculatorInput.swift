/// The numbers given to a calculator, from a JSON body or a query string, before validation:
/// the engine's calculator methods check presence and shape and report every problem with its
/// pointer (`/experts`, `/loads/2`).
///
///     try JSONDecoder().decode(CalculatorInput.self, from: #"{"experts":8,"active":2}"#)
///     CalculatorInput(query: [("loads", "1,2,3")])
public struct CalculatorInput: Sendable, Equatable, Hashable, Decodable {
    public enum Field: Sendable, Equatable, Hashable {
        case number(Double)
        /// An array; nil marks an element that is not a number.
        case array([Double?])
        /// Neither a number nor an array (a string, object, boolean, null or out-of-range literal).
        case invalid
    }

    public var fields: [String: Field]

    public init(fields: [String: Field] = [:]) { self.fields = fields }

    /// Query parameters: numbers; a comma-separated list (or repeated name) makes an array.
    public init(query: [(name: String, value: String)]) {
        var fields: [String: Field] = [:]
        for (name, value) in query {
            let items = value.split(separator: ",", omittingEmptySubsequences: false).map { Double(String($0).trimmingSpaces) }
            let field: Field = items.count == 1 ? (items[0].map { .number($0) } ?? .invalid) : .array(items)
            switch (fields[name], field) {
            case (.number(let a)?, .number(let b)): fields[name] = .array([a, b])
            case (.array(let a)?, .number(let b)): fields[name] = .array(a + [b])
            case (.array(let a)?, .array(let b)): fields[name] = .array(a + b)
            case (.number(let a)?, .array(let b)): fields[name] = .array([a] + b)
            default: fields[name] = field
            }
        }
        self.fields = fields
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Any JSON object decodes; only a non-object body fails.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        var fields: [String: Field] = [:]
        for key in c.allKeys {
            if let x = try? c.decode(Double.self, forKey: key) {
                fields[key.stringValue] = .number(x)
            } else if let items = try? c.decode([JSONValue].self, forKey: key) {
                fields[key.stringValue] = .array(items.map { if case .number(let x) = $0 { x } else { nil } })
            } else {
                fields[key.stringValue] = .invalid
            }
        }
        self.fields = fields
    }

    /// The number at `name`, recording a problem when it is absent or not a number.
    func number(_ name: String, _ problems: inout [ValidationError.Problem]) -> Double? {
        switch fields[name] {
        case .number(let x)?: return x
        case nil:
            problems.append(.init(pointer: "/" + name, detail: "is required", code: .missing))
        default:
            problems.append(.init(pointer: "/" + name, detail: "must be a number"))
        }
        return nil
    }
}
