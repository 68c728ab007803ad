import JSON

/// Reads typed fields out of one parsed config file, recording every problem (file + JSON
/// pointer) in a shared log instead of stopping.
final class ConfigFileReader {
    let file: String
    let log: ProblemLog

    init(file: String, log: ProblemLog) {
        self.file = file
        self.log = log
    }

    func fail(_ pointer: String, _ detail: String) {
        log.problems.append(.init(file: file, pointer: pointer, detail: detail))
    }

    /// The object at `pointer`, reporting keys outside `keys` (keys starting with `_` are
    /// comments) and absent `required` keys.
    func object(_ value: JSONValue?, _ pointer: String, keys: [String], required: [String] = [])
        -> [String: JSONValue]?
    {
        guard let value else { return nil }
        guard case .object(let members) = value else {
            fail(pointer, "must be an object, got \(value.typeNameWithArticle)")
            return nil
        }
        // Names are unique (the parser rejects duplicates), so the dictionary loses nothing.
        let object = Dictionary(members, uniquingKeysWith: { first, _ in first })
        for key in object.keys.sorted() where !key.hasPrefix("_") && !keys.contains(key) {
            fail(JSONPointer.join(pointer, key), "unknown field \"\(key)\" (expected one of: \(keys.joined(separator: ", ")))")
        }
        for key in required where object[key] == nil {
            fail(JSONPointer.join(pointer, key), "is required")
        }
        return object
    }

    func string(_ object: [String: JSONValue], _ key: String, _ pointer: String) -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard case .string(let s) = value else {
            fail(JSONPointer.join(pointer, key), "must be a string, got \(value.typeNameWithArticle)")
            return nil
        }
        if s.isEmpty { fail(JSONPointer.join(pointer, key), "must not be empty") }
        return s
    }

    func number(_ object: [String: JSONValue], _ key: String, _ pointer: String) -> Double? {
        guard let value = object[key], value != .null else { return nil }
        guard case .number(let n) = value else {
            fail(JSONPointer.join(pointer, key), "must be a number, got \(value.typeNameWithArticle)")
            return nil
        }
        return n
    }

    /// A number that must lie in [0, 1].
    func unit(_ object: [String: JSONValue], _ key: String, _ pointer: String) -> Double? {
        guard let n = number(object, key, pointer) else { return nil }
        guard n.isFinite, n >= 0, n <= 1 else {
            fail(JSONPointer.join(pointer, key), "must be between 0 and 1, got \(n.formatted)")
            return nil
        }
        return n
    }

    func bool(_ object: [String: JSONValue], _ key: String, _ pointer: String) -> Bool? {
        guard let value = object[key], value != .null else { return nil }
        guard case .bool(let b) = value else {
            fail(JSONPointer.join(pointer, key), "must be true or false, got \(value.typeNameWithArticle)")
            return nil
        }
        return b
    }

    func array(_ object: [String: JSONValue], _ key: String, _ pointer: String) -> [JSONValue]? {
        guard let value = object[key], value != .null else { return nil }
        guard case .array(let a) = value else {
            fail(JSONPointer.join(pointer, key), "must be an array, got \(value.typeNameWithArticle)")
            return nil
        }
        return a
    }

    func strings(_ object: [String: JSONValue], _ key: String, _ pointer: String) -> [String] {
        guard let items = array(object, key, pointer) else { return [] }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if case .string(let s) = item { out.append(s) } else {
                fail(JSONPointer.join(JSONPointer.join(pointer, key), i), "must be a string, got \(item.typeNameWithArticle)")
            }
        }
        return out
    }

    /// `{"lower":0.6,"upper":0.8,"lowerInclusive":false,"upperInclusive":true}`.
    func interval(_ value: JSONValue?, _ pointer: String) -> Interval? {
        let keys = ["lower", "upper", "lowerInclusive", "upperInclusive"]
        guard let o = object(value, pointer, keys: keys, required: keys) else { return nil }
        let lower = number(o, "lower", pointer)
        let upper = number(o, "upper", pointer)
        let li = bool(o, "lowerInclusive", pointer)
        let ui = bool(o, "upperInclusive", pointer)
        guard let lower, let upper, let li, let ui else { return nil }
        guard lower.isFinite, upper.isFinite, lower <= upper else {
            fail(pointer, "lower must not exceed upper, got \(lower.formatted) > \(upper.formatted)")
            return nil
        }
        if lower == upper, !(li && ui) { fail(pointer, "is empty: equal bounds must both be inclusive") }
        return Interval(lower: lower, upper: upper, lowerInclusive: li, upperInclusive: ui)
    }
}
