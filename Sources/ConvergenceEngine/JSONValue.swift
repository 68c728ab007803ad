/// Any JSON value, so config files can be walked by hand and every problem reported with its
/// pointer, instead of a decoder stopping at the first.
enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    /// Parses config text; a syntax error says where (line and column).
    static func parse(_ text: String) -> Result<JSONValue, ConfigurationError> {
        switch JSONParser.parse(text) {
        case .success(let value):
            return .success(value)
        case .failure(let failure):
            return .failure(ConfigurationError(problems: [.init(file: "", pointer: "", detail: "invalid JSON: \(failure.description)")]))
        }
    }

    /// A short name of the value's type for messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
