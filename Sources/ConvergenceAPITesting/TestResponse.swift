import Foundation
public import HTTPServer
public import HTTPTestSupport

/// A response a test looks at, in process (`APIResponse`) or read from a socket
/// (`RawHTTPResponse`): the helpers below work on either.
public protocol TestResponse {
    var status: Int { get }
    var headers: HTTPHeaders { get }
    var body: [UInt8] { get }
}

extension TestResponse {
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

extension RawHTTPResponse: TestResponse {}

/// The body as JSON (any top-level value).
public func json(_ response: some TestResponse) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
}

public struct NotJSONOfThatShape: Error, CustomStringConvertible {
    public var description: String
}

public func object(_ response: some TestResponse) throws -> [String: Any] {
    guard let value = try json(response) as? [String: Any] else {
        throw NotJSONOfThatShape(description: "not an object: \(response.bodyText)")
    }
    return value
}

public func array(_ response: some TestResponse) throws -> [[String: Any]] {
    guard let value = try json(response) as? [[String: Any]] else {
        throw NotJSONOfThatShape(description: "not an array: \(response.bodyText)")
    }
    return value
}

public func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

/// Pointers of a problem document's `errors`.
public func pointers(_ response: some TestResponse) throws -> [String] {
    let errors = try object(response)["errors"] as? [[String: Any]] ?? []
    return errors.compactMap { $0["pointer"] as? String }
}
