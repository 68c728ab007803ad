/// The numbers given to a calculator, as the API reads them from a parsed body or a query,
/// before validation: the engine's calculator methods check presence and shape and report every
/// problem with its pointer (`/experts`, `/loads/2`).
///
///     CalculatorInput(fields: ["experts": .number(8), "active": .number(2)])
public struct CalculatorInput: Sendable, Equatable, Hashable {
    public enum Field: Sendable, Equatable, Hashable {
        case number(Double)
        /// An array; nil marks an element that is not a number.
        case array([Double?])
        /// Neither a number nor an array (a string, object, boolean, null or out-of-range literal).
        case invalid
    }

    public var fields: [String: Field]
    /// Problems a caller found while reading the input (e.g. `/experts must be a number, got
    /// string`, with the field left out or `.invalid`): reported first, together with the
    /// engine's own; the engine does not repeat a problem at or under the same pointer.
    public var inputProblems: [ValidationError.Problem]

    public init(fields: [String: Field] = [:], inputProblems: [ValidationError.Problem] = []) {
        self.fields = fields
        self.inputProblems = inputProblems
    }

    /// The error for the engine's own `problems`, after the caller's `inputProblems`; nil when
    /// there are none at all.
    func failure(_ problems: [ValidationError.Problem]) -> ValidationError? {
        let all = ValidationError.merging(inputProblems, problems)
        return all.isEmpty ? nil : ValidationError(problems: all)
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
