import ConvergenceEngine
import JSON

/// Turns parsed JSON bodies and query strings into the engine's request types. Shape errors
/// (a string where a number belongs) become `ValidationError` problems with JSON pointers; value
/// errors (out of range, unknown ids) are the engine's to find, so every problem of a request
/// is reported at once.
enum RequestMapping {
    /// The indicator a member name names, if any: by length (and first letter), then one
    /// comparison. A dictionary would hash every member name of every request.
    static func indicator(named name: String) -> Indicator? {
        let candidate: Indicator
        switch name.utf8.count {
        case 8:
            switch name.utf8.first {
            case UInt8(ascii: "a"): candidate = .adoption
            case UInt8(ascii: "m"): candidate = .maturity
            case UInt8(ascii: "r"): candidate = .research
            default: return nil
            }
        case 11: candidate = .controversy
        case 12: candidate = .completeness
        case 15: candidate = .standardization
        default: return nil
        }
        return name == candidate.rawValue ? candidate : nil
    }

    /// One `/score`-style object at `base` (`""`, `/3`, `/items/2`).
    static func scoreRequest(_ value: JSONValue, base: String, problems: inout [ValidationError.Problem]) -> ScoreRequest? {
        guard case .object(let members) = value else {
            problems.append(.init(pointer: base, detail: "must be an object, got \(value.typeName)"))
            return nil
        }
        var request = ScoreRequest()
        for (name, member) in members {
            // Built only for a problem: most requests have none, and this runs per member.
            var pointer: String { base + "/" + JSONPointer.escape(name) }
            if let indicator = indicator(named: name) {
                request.indicators[indicator] = indicatorInput(member)
                continue
            }
            switch name {
            case "model":
                guard case .string(let id) = member else {
                    problems.append(.init(pointer: pointer, detail: "must be a model id (string), got \(member.typeName)"))
                    continue
                }
                if request.model == nil { request.model = .id(id) }
            case "weights":
                guard case .object(let weightMembers) = member else {
                    problems.append(.init(pointer: pointer, detail: "must be an object of indicator weights, got \(member.typeName)"))
                    continue
                }
                var weights: [String: Double] = [:]
                for (indicator, weight) in weightMembers {
                    guard case .number(let w) = weight else {
                        problems.append(.init(pointer: pointer + "/" + JSONPointer.escape(indicator),
                                              detail: "must be a number, got \(weight.typeName)"))
                        continue
                    }
                    weights[indicator] = w
                }
                // Inline weights win over a model id: they are the more specific request.
                request.model = .weights(weights)
            case "technology":
                guard case .string(let id) = member else {
                    problems.append(.init(pointer: pointer, detail: "must be a technology id (string), got \(member.typeName)"))
                    continue
                }
                request.technology = id
            case "label", "name":
                if case .string(let label) = member { request.label = label } else {
                    problems.append(.init(pointer: pointer, detail: "must be a string, got \(member.typeName)"))
                }
            case "score":
                // Only /classify reads it: with a score the engine classifies the bare score.
                // Kept on the request: /score ignores it (listed unused), /classify reports it.
                if case .number(let x) = member { request.score = x } else {
                    request.inputProblems.append(.init(pointer: pointer, detail: "must be a number, got \(member.typeName)"))
                }
            default:
                request.extraFields.append(name)
            }
        }
        if case .weights = request.model, members.contains(where: { $0.0 == "model" }) {
            problems.append(.init(pointer: base + "/model", detail: "give either model or weights, not both"))
        }
        return request
    }

    static func indicatorInput(_ value: JSONValue) -> IndicatorInput {
        switch value {
        case .number(let x):
            return .point(x)
        case .array(let items):
            guard items.count == 2, case .number(let lo) = items[0], case .number(let hi) = items[1] else {
                return .invalid(.notARange)
            }
            return .range(lo, hi)
        default:
            return .invalid(.notANumber)
        }
    }

    /// A required number member of an object (calculators).
    static func number(_ members: JSONValue, _ name: String, base: String = "",
                       problems: inout [ValidationError.Problem]) -> Double? {
        guard let value = members[name] else {
            problems.append(.init(pointer: base + "/" + name, detail: "is required", code: .missing))
            return nil
        }
        guard case .number(let x) = value else {
            problems.append(.init(pointer: base + "/" + name, detail: "must be a number, got \(value.typeName)"))
            return nil
        }
        return x
    }

    /// A `/score`-style request from a query string: numbers only (ranges need a body).
    static func scoreRequest(query: QueryParameters, problems: inout [ValidationError.Problem]) -> ScoreRequest {
        var request = ScoreRequest()
        for name in query.names {
            let pointer = "/" + JSONPointer.escape(name)
            if query.count(of: name) > 1 {
                problems.append(.init(pointer: pointer, detail: "must be given once"))
                continue
            }
            let text = query[name] ?? ""
            if let indicator = indicator(named: name) {
                if let x = parseNumber(text) {
                    request.indicators[indicator] = .point(x)
                } else {
                    problems.append(.init(pointer: pointer, detail: "must be a number, got \"\(text)\""))
                }
                continue
            }
            switch name {
            case "model": request.model = .id(text)
            case "technology": request.technology = text
            case "label", "name": request.label = text
            case "score":
                if let x = parseNumber(text) { request.score = x } else {
                    request.inputProblems.append(.init(pointer: pointer, detail: "must be a number, got \"\(text)\""))
                }
            default: request.extraFields.append(name)
            }
        }
        for name in query.malformed {
            problems.append(.init(pointer: "/" + JSONPointer.escape(name), detail: "is not valid percent-encoding"))
        }
        return request
    }

    /// A finite-or-not decimal number as JSON writes it (no hex, no `nan` spelled out, no spaces).
    static func parseNumber(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.allSatisfy({ b in
            (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
                || b == UInt8(ascii: "+") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
        }) else { return nil }
        return Double(text)
    }

    /// One `{name, share}` of a market; a placeholder (empty name, share 0) for an unreadable
    /// entry keeps the indices of the others.
    static func approachShare(_ item: JSONValue, base: String, problems: inout [ValidationError.Problem]) -> ApproachShare {
        guard case .object = item else {
            problems.append(.init(pointer: base, detail: "must be an object {name, share}, got \(item.typeName)"))
            return ApproachShare(name: "", share: 0)
        }
        var name = ""
        if let n = item["name"] {
            if case .string(let text) = n { name = text } else {
                problems.append(.init(pointer: base + "/name", detail: "must be a string, got \(n.typeName)"))
            }
        } else {
            problems.append(.init(pointer: base + "/name", detail: "is required", code: .missing))
        }
        let share = number(item, "share", base: base, problems: &problems)
        return ApproachShare(name: name, share: share ?? 0)
    }

    /// A comparison's `model` (an id) and `weights` (custom weights, which win when both are given).
    static func modelSelector(_ body: JSONValue, problems: inout [ValidationError.Problem]) -> ModelSelector? {
        var model: ModelSelector?
        if let m = body["model"] {
            if case .string(let id) = m { model = .id(id) } else {
                problems.append(.init(pointer: "/model", detail: "must be a model id (string), got \(m.typeName)"))
            }
        }
        if let w = body["weights"] {
            if case .object(let members) = w {
                var weights: [String: Double] = [:]
                for (name, value) in members {
                    if case .number(let x) = value { weights[name] = x } else {
                        problems.append(.init(pointer: "/weights/" + JSONPointer.escape(name), detail: "must be a number, got \(value.typeName)"))
                    }
                }
                model = .weights(weights)
            } else {
                problems.append(.init(pointer: "/weights", detail: "must be an object of indicator weights, got \(w.typeName)"))
            }
        }
        return model
    }
}
