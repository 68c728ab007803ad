public import HTTPServer

/// Finds the client's address: the socket peer, unless that peer is a trusted proxy, in which
/// case the one header the proxy sets (`proxy.header`: `X-Forwarded-For`, or `Forwarded` from
/// RFC 7239) is read from the right, skipping trusted hops; the first untrusted hop is the
/// client. The other header is never read: a proxy passes through what the client wrote in
/// a header it does not set itself. Untrusted peers' headers are ignored, since anyone can
/// write them. See docs/limits.md.
public struct ClientAddressResolver: Sendable {
    let trusted: [AddressBlock]
    let header: ServiceSettings.ProxyHeader

    public init(trusted: [AddressBlock], header: ServiceSettings.ProxyHeader = .xForwardedFor) {
        self.trusted = trusted
        self.header = header
    }

    public init(settings: ServiceSettings) {
        self.init(trusted: settings.trustedProxies.compactMap(AddressBlock.init), header: settings.proxyHeader)
    }

    var headerName: String {
        switch header {
        case .xForwardedFor: return "X-Forwarded-For"
        case .forwarded: return "Forwarded"
        }
    }

    func isTrusted(_ address: String) -> Bool {
        guard !trusted.isEmpty, let bytes = AddressBlock.parseAddress(address) else { return false }
        return trusted.contains { $0.contains(bytes) }
    }

    /// The client of a request that arrived from `peer` with these header fields.
    public func clientAddress(peer: String, headers: HTTPHeaders?) -> String {
        guard !trusted.isEmpty, isTrusted(peer), let headers else { return peer }
        return clientAddress(peer: peer, fieldValue: Self.combinedValue(headers.values(for: headerName)))
    }

    /// The client given the combined value of the configured header (nil when absent).
    public func clientAddress(peer: String, fieldValue: String?) -> String {
        guard !trusted.isEmpty, isTrusted(peer), let fieldValue else { return peer }
        let hops: [Substring]
        switch header {
        case .forwarded: hops = Self.forwardedFor(fieldValue)
        case .xForwardedFor: hops = fieldValue.split(separator: ",").map(\.trimmingSpaces)
        }
        var client = peer
        for hop in hops.reversed() {
            let address = Self.stripPort(hop)
            // A hop that is not an address (obfuscated, "unknown", garbage) ends the chain of trust.
            guard AddressBlock.parseAddress(address) != nil else { return client }
            client = address
            if !isTrusted(client) { return client }
        }
        return client
    }

    /// Several field lines with one name are one list, in order (RFC 9110 §5.3): HAProxy, for
    /// one, adds its own `X-Forwarded-For` line after the one the client sent.
    static func combinedValue(_ lines: [String]) -> String? {
        switch lines.count {
        case 0: return nil
        case 1: return lines[0]
        default: return lines.joined(separator: ", ")
        }
    }

    /// The `for=` values of every element of a `Forwarded` value, in order (RFC 7239 §4:
    /// elements split on commas and pairs on semicolons outside quoted strings).
    static func forwardedFor(_ value: String) -> [Substring] {
        var result: [Substring] = []
        for element in splitOutsideQuotes(Substring(value), on: UInt8(ascii: ",")) {
            for pair in splitOutsideQuotes(element, on: UInt8(ascii: ";")) {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2, kv[0].trimmingSpaces.lowercased() == "for" else { continue }
                var token = kv[1].trimmingSpaces
                if token.count >= 2, token.first == "\"", token.last == "\"" { token = token.dropFirst().dropLast() }
                result.append(token)
            }
        }
        return result
    }

    /// `text` split on `separator` where it is not inside a quoted string (`\"` escapes a quote).
    static func splitOutsideQuotes(_ text: Substring, on separator: UInt8) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var quoted = false
        var escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text.utf8[index]
            if escaped {
                escaped = false
            } else if quoted && byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted && byte == separator {
                parts.append(text[start..<index])
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        parts.append(text[start..<text.endIndex])
        return parts
    }

    /// `1.2.3.4:5678` → `1.2.3.4`; `[::1]:80` → `::1`; a bare IPv6 literal is left alone.
    static func stripPort(_ hop: Substring) -> String {
        if hop.hasPrefix("[") {
            guard let close = hop.firstIndex(of: "]") else { return String(hop) }
            return String(hop[hop.index(after: hop.startIndex)..<close])
        }
        let colons = hop.utf8.lazy.filter { $0 == UInt8(ascii: ":") }.count
        if colons == 1, let colon = hop.firstIndex(of: ":") { return String(hop[..<colon]) }
        return String(hop)
    }
}
