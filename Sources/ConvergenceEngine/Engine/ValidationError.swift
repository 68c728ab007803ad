import JSON

/// Invalid values in a request: every problem found, each with a JSON pointer into the request
/// (`/adoption`, `/weights/maturity`, `/3/adoption` in a batch) and a reason.
///
/// The API answers it with 422 and `errors: problems`; `summary` is a one-line `detail`.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Problem: Sendable, Equatable, Hashable {
        /// What kind of problem, for callers that map kinds to statuses or metrics.
        public enum Code: String, Sendable, Equatable, Hashable {
            /// A value out of range, non-finite, of the wrong shape, or inconsistent.
            case invalid
            /// A required field is absent.
            case missing
            /// A reference to a model, technology or level that does not exist.
            case unknownReference = "unknown-reference"
        }

        public var pointer: String
        public var detail: String
        public var code: Code

        public init(pointer: String, detail: String, code: Code = .invalid) {
            self.pointer = pointer
            self.detail = detail
            self.code = code
        }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) { self.problems = problems }

    public init(pointer: String, detail: String, code: Problem.Code = .invalid) {
        self.problems = [Problem(pointer: pointer, detail: detail, code: code)]
    }

    /// One line naming the first problem and how many more there are, e.g.
    /// `adoption must be between 0 and 1, got 1.5`.
    ///
    /// A detail is either a predicate that needs its field as subject (`must be …`, `is required`)
    /// or a sentence of its own (`weights must sum to 1, got 1.1`, `give either model or
    /// weights, not both`). Only a predicate gets the field name in front; a sentence that
    /// already starts with the field name stands alone, and any other sentence is introduced as
    /// `field: sentence`, so a field name is never doubled and never lost.
    public var summary: String {
        guard let first = problems.first else { return "invalid request" }
        let head = Self.line(field: Self.fieldName(first.pointer), detail: first.detail)
        switch problems.count {
        case 1: return head
        case 2: return head + " (and 1 more problem)"
        default: return head + " (and \(problems.count - 1) more problems)"
        }
    }

    /// Words that open a predicate: a detail starting with one needs its field as subject.
    static let predicateWords: Set<Substring> = ["must", "is", "are", "cannot", "has", "needs", "does", "exceeds"]

    /// The summary line for one problem (see `summary`).
    static func line(field: String, detail: String) -> String {
        guard !field.isEmpty else { return detail }
        let firstWord = detail.prefix { $0 != " " && $0 != "," && $0 != ":" }
        if predicateWords.contains(firstWord) { return field + " " + detail }
        if firstWord == field { return detail }
        return field + ": " + detail
    }

    /// Problems found while reading a request's shape (`inputProblems`) followed by the
    /// engine's own, leaving out engine problems at or under a pointer already reported (a
    /// missing name stands in as a placeholder and must not also be "empty").
    ///
    ///     ValidationError.merging([/approaches/1/name is required], [/approaches/0/share …, /approaches/1/name …])
    ///     // → /approaches/1/name is required, /approaches/0/share …
    ///
    /// Linear in the number of problems and the length of their pointers: each engine pointer
    /// looks itself and its ancestors (`/a/b/c`, `/a/b`, `/a`, ``) up in a set of the reported
    /// ones, instead of comparing against every reported pointer.
    public static func merging(_ inputProblems: [Problem], _ engineProblems: [Problem]) -> [Problem] {
        guard !inputProblems.isEmpty else { return engineProblems }
        let reported = Set(inputProblems.lazy.map { Array($0.pointer.utf8) })
        var merged = inputProblems
        merged.reserveCapacity(inputProblems.count + engineProblems.count)
        for p in engineProblems where !isAtOrUnder(p.pointer, anyOf: reported) { merged.append(p) }
        return merged
    }

    /// Whether `pointer` or one of its ancestors is in `reported` (compared as bytes).
    static func isAtOrUnder(_ pointer: String, anyOf reported: Set<[UInt8]>) -> Bool {
        var bytes = Array(pointer.utf8)
        while true {
            if reported.contains(bytes) { return true }
            guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return false }
            bytes.removeSubrange(slash...)
        }
    }

    public var description: String { summary }

    /// Whether every problem is an unknown reference (the API may prefer 404 for those).
    public var isUnknownReference: Bool {
        !problems.isEmpty && problems.allSatisfy { $0.code == .unknownReference }
    }

    /// The same problems with their pointers under `prefix` (`/3` for item 3 of a batch).
    public func prefixed(_ prefix: String) -> ValidationError {
        ValidationError(problems: problems.map {
            Problem(pointer: prefix + $0.pointer, detail: $0.detail, code: $0.code)
        })
    }

    /// "/3/weights/adoption" → "weights.adoption" style name for a summary line: the last token
    /// that is not an array index.
    static func fieldName(_ pointer: String) -> String {
        let tokens = pointer.split(separator: "/").map { JSONPointer.unescape(String($0)) }
        return tokens.last { Int($0) == nil } ?? ""
    }
}

extension ValidationError.Problem {
    /// Why `value` at `pointer` is not a finite number greater than 0 (the calculators' sizes);
    /// nil when it is one.
    static func notPositive(_ value: Double, at pointer: String) -> ValidationError.Problem? {
        if !value.isFinite { return .init(pointer: pointer, detail: "must be a finite number") }
        if value <= 0 { return .init(pointer: pointer, detail: "must be greater than 0, got \(value.formatted)") }
        return nil
    }

    /// Why `value` at `pointer` is not a whole number of at least `minimum` (the calculators'
    /// token counts and widths); nil when it is one. Every double beyond 2^52 is whole, so a
    /// huge count passes here and is left to the caller's overflow check.
    static func notWhole(_ value: Double, atLeast minimum: Double, at pointer: String) -> ValidationError.Problem? {
        if !value.isFinite { return .init(pointer: pointer, detail: "must be a finite number") }
        if value < minimum {
            return .init(pointer: pointer, detail: "must be at least \(minimum.formatted), got \(value.formatted)")
        }
        if value != value.rounded() { return .init(pointer: pointer, detail: "must be an integer, got \(value.formatted)") }
        return nil
    }
}
