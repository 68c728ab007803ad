/// JSON Pointer (RFC 6901) reference tokens, for problem locations in config files and
/// request bodies.
public enum JSONPointer {
    /// Appends one reference token, escaping `~` and `/`.
    public static func join(_ base: String, _ token: String) -> String {
        base + "/" + escape(token)
    }

    public static func join(_ base: String, _ index: Int) -> String { base + "/" + String(index) }

    /// One reference token escaped (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        // Bytes, not Characters: this runs for every member name of every request.
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacing("~", with: "~0").replacing("/", with: "~1")
    }

    public static func unescape(_ token: String) -> String {
        token.replacing("~1", with: "/").replacing("~0", with: "~")
    }
}
