internal import Glibc

/// Why the server could not start.
public enum HTTPServerError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Another process (or server) already listens on that address.
    case addressInUse(host: String, port: Int)
    /// The host is not a numeric IPv4/IPv6 address or a name that resolves locally.
    case invalidHost(String)
    /// A system call failed (the name of the call and errno).
    case system(call: String, errno: Int32)
    /// `start()` was called twice, or after shutdown.
    case alreadyStarted

    public var description: String {
        switch self {
        case .addressInUse(let host, let port):
            return "cannot listen on \(host):\(port): address already in use"
        case .invalidHost(let host):
            return "cannot listen on '\(host)': not a valid local address"
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code)))"
        case .alreadyStarted:
            return "server already started"
        }
    }
}
