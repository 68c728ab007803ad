import HTTPServer
import Testing

/// What a parse produced, in a comparable form.
enum ParseOutcome: Equatable, CustomStringConvertible {
    case request(ParsedRequest)
    case error(Int)

    var description: String {
        switch self {
        case .request(let r): return "request(\(r.method) \(r.target) body=\(r.body.count))"
        case .error(let code): return "error(\(code))"
        }
    }

    var request: ParsedRequest? {
        if case .request(let r) = self { return r }
        return nil
    }

    var errorStatus: Int? {
        if case .error(let code) = self { return code }
        return nil
    }
}

struct ParsedRequest: Equatable {
    var method: String
    var target: String
    var path: String
    var query: String?
    var version: String
    var headers: [String]
    var body: [UInt8]
    var keepAlive: Bool

    init(_ r: HTTPRequest) {
        method = r.method.rawValue
        target = r.target
        path = r.path
        query = r.query
        version = r.version.description
        headers = r.headers.map { "\($0.name): \($0.value)" }
        body = r.body
        keepAlive = r.keepAlive
    }
}

/// Feeds `chunks` one after another, collecting every event (100-continue events are counted
/// separately because whether one is due depends on how the bytes were split).
func parse(chunks: [[UInt8]], limits: HTTPParserLimits) -> (outcomes: [ParseOutcome], continues: Int) {
    var parser = HTTPRequestParser(limits: limits)
    var outcomes: [ParseOutcome] = []
    var continues = 0
    outer: for chunk in chunks {
        parser.feed(chunk)
        while case let event = parser.next(), !event.isNeedMore {
            switch event {
            case .needMore: break
            case .request(let r): outcomes.append(.request(ParsedRequest(r)))
            case .expectContinue: continues += 1
            case .error(let e):
                outcomes.append(.error(e.status.code))
                break outer
            }
        }
    }
    return (outcomes, continues)
}

/// Parses `text` whole, then byte by byte, then split at every offset, and expects the same
/// outcomes every time. Returns the outcomes of the whole feed.
@discardableResult
func parseEverySplit(
    _ text: String, limits: HTTPParserLimits = HTTPParserLimits(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> [ParseOutcome] {
    let bytes = Array(text.utf8)
    return parseEverySplit(bytes: bytes, limits: limits, sourceLocation: sourceLocation)
}

@discardableResult
func parseEverySplit(
    bytes: [UInt8], limits: HTTPParserLimits = HTTPParserLimits(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> [ParseOutcome] {
    let whole = parse(chunks: [bytes], limits: limits).outcomes
    let single = parse(chunks: bytes.map { [$0] }, limits: limits).outcomes
    #expect(single == whole, "byte by byte", sourceLocation: sourceLocation)
    for cut in 1..<max(bytes.count, 1) {
        let split = parse(chunks: [Array(bytes[..<cut]), Array(bytes[cut...])], limits: limits).outcomes
        if split != whole {
            Issue.record("split at \(cut): \(split) != \(whole)", sourceLocation: sourceLocation)
            break
        }
    }
    return whole
}
