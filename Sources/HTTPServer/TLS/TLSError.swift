internal import COpenSSL

/// A TLS setting that cannot be used: an unreadable file, a key that does not match the
/// certificate, an expired or unparsable certificate. `description` names the file and reason.
public struct TLSError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ message: String) {
        description = message
    }

    /// `message` followed by OpenSSL's own reason (its error queue is emptied).
    static func openSSL(_ message: String) -> TLSError {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            if let text = ERR_reason_error_string(code) { reasons.append(String(cString: text)) }
        }
        return TLSError(reasons.isEmpty ? message : "\(message): \(reasons.joined(separator: "; "))")
    }
}
