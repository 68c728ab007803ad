/// JSON Pointer (RFC 6901) helpers for problem locations.
enum Pointer {
    /// Appends one reference token, escaping `~` and `/`.
    static func join(_ base: String, _ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else {
            return base + "/" + token
        }
        return base + "/" + token.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    static func join(_ base: String, _ index: Int) -> String { base + "/" + String(index) }

    static func unescape(_ token: String) -> String {
        token.replacing("~1", with: "/").replacing("~0", with: "~")
    }
}
