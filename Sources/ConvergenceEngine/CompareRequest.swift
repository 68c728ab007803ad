/// A `POST /compare` body: either approaches with shares (a market analysis) or items to score
/// and rank. Decoding never fails on field shapes: problems are kept and reported by
/// `Engine.compare(_:)` with pointers.
///
///     try JSONDecoder().decode(CompareRequest.self, from: #"{"approaches":[{"name":"A","share":0.55}]}"#)
///     CompareRequest.items([ScoreRequest(technology: "rlhf"), ScoreRequest(technology: "reasoning")], model: .id("formal"))
public enum CompareRequest: Sendable, Equatable, Decodable {
    case approaches([ApproachShare], problems: [ValidationError.Problem] = [])
    case items([ScoreRequest], model: ModelSelector? = nil, problems: [ValidationError.Problem] = [])
    /// Neither `approaches` nor `items`.
    case invalid([ValidationError.Problem])

    private enum Keys: String, CodingKey { case approaches, items, model, weights }

    /// An element that may be anything: keeps a failure instead of throwing.
    private struct Lenient<T: Decodable>: Decodable {
        var value: T?
        init(from decoder: any Decoder) throws { value = try? T(from: decoder) }
    }

    private struct Share: Decodable {
        var name: String?
        var share: Double?
        var nameInvalid = false
        var shareInvalid = false
        private enum Keys: String, CodingKey { case name, share }
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            if c.contains(.name) { name = try? c.decode(String.self, forKey: .name); nameInvalid = name == nil }
            if c.contains(.share) { share = try? c.decode(Double.self, forKey: .share); shareInvalid = share == nil }
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        var problems: [ValidationError.Problem] = []
        if c.contains(.approaches) {
            if c.contains(.items) {
                problems.append(.init(pointer: "/items", detail: "give either approaches or items, not both"))
            }
            guard let list = try? c.decode([Lenient<Share>].self, forKey: .approaches) else {
                self = .invalid([.init(pointer: "/approaches", detail: "must be an array of {name, share}")])
                return
            }
            var shares: [ApproachShare] = []
            for (i, item) in list.enumerated() {
                let base = "/approaches/" + String(i)
                guard let share = item.value else {
                    problems.append(.init(pointer: base, detail: "must be an object {name, share}"))
                    continue
                }
                if share.nameInvalid { problems.append(.init(pointer: base + "/name", detail: "must be a string")) }
                else if share.name == nil { problems.append(.init(pointer: base + "/name", detail: "is required", code: .missing)) }
                if share.shareInvalid { problems.append(.init(pointer: base + "/share", detail: "must be a number")) }
                else if share.share == nil { problems.append(.init(pointer: base + "/share", detail: "is required", code: .missing)) }
                if let name = share.name, let value = share.share { shares.append(ApproachShare(name: name, share: value)) }
            }
            self = .approaches(shares, problems: problems)
            return
        }
        if c.contains(.items) {
            guard let list = try? c.decode([Lenient<ScoreRequest>].self, forKey: .items) else {
                self = .invalid([.init(pointer: "/items", detail: "must be an array of score requests")])
                return
            }
            var items: [ScoreRequest] = []
            for (i, item) in list.enumerated() {
                if let request = item.value { items.append(request) } else {
                    problems.append(.init(pointer: "/items/" + String(i), detail: "must be an object"))
                    items.append(ScoreRequest())
                }
            }
            var model: ModelSelector? = nil
            if c.contains(.model) {
                if let id = try? c.decode(String.self, forKey: .model) { model = .id(id) } else {
                    problems.append(.init(pointer: "/model", detail: "must be a model id (a string)"))
                }
            }
            if c.contains(.weights) {
                if model != nil { problems.append(.init(pointer: "/weights", detail: "give either model or weights, not both")) }
                if let weights = try? c.decode([String: Double].self, forKey: .weights) { model = .weights(weights) } else {
                    problems.append(.init(pointer: "/weights", detail: "must be an object of weights by indicator"))
                }
            }
            self = .items(items, model: model, problems: problems)
            return
        }
        self = .invalid([.init(pointer: "", detail: "give approaches (shares) or items (to score)", code: .missing)])
    }
}
