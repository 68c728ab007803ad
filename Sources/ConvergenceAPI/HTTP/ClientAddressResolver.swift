/// Finds the client's address: the socket peer, unless that peer is a trusted proxy, in which
/// case `Forwarded` (RFC 7239) or else `X-Forwarded-For` is read from the right, skipping
/// trusted hops; the first untrusted hop is the client. Untrusted peers' headers are ignored,
/// since anyone can write them.
public struct ClientAddressResolver: Sendable {
    let trusted: [AddressBlock]

    public init(trusted: [AddressBlock]) { self.trusted = trusted }

    public init(settings: ServiceSettings) {
        self.init(trusted: settings.trustedProxies.compactMap(AddressBlock.init))
    }

    func isTrusted(_ address: String) -> Bool {
        guard !trusted.isEmpty, let bytes = AddressBlock.parseAddress(address) else { return false }
        return trusted.contains { $0.contains(bytes) }
    }

    public func clientAddress(peer: String, forwarded: String?, xForwardedFor: String?) -> String {
        guard !trusted.isEmpty, isTrusted(peer) else { return peer }
        let hops: [String]
        if let forwarded {
            hops = Self.forwardedFor(forwarded)
        } else if let xForwardedFor {
            hops = xForwardedFor.split(separator: ",").map { String($0.trimmingSpacesSubstring) }
        } else {
            return peer
        }
        var client = peer
        for hop in hops.reversed() {
            // A hop that is not an address (obfuscated, "unknown", garbage) ends the chain of trust.
            guard AddressBlock.parseAddress(Self.stripPort(hop)) != nil else { return client }
            client = Self.stripPort(hop)
            if !isTrusted(client) { return client }
        }
        return client
    }

    /// The `for=` values of every element of a `Forwarded` header, in order.
    static func forwardedFor(_ header: String) -> [String] {
        var result: [String] = []
        for element in header.split(separator: ",") {
            for pair in element.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2, kv[0].trimmingSpacesSubstring.lowercased() == "for" else { continue }
                var value = String(kv[1].trimmingSpacesSubstring)
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                    value = String(value.dropFirst().dropLast())
                }
                result.append(value)
            }
        }
        return result
    }

    /// `1.2.3.4:5678` → `1.2.3.4`; `[::1]:80` → `::1`; a bare IPv6 literal is left alone.
    static func stripPort(_ hop: String) -> String {
        if hop.hasPrefix("[") {
            guard let close = hop.firstIndex(of: "]") else { return hop }
            return String(hop[hop.index(after: hop.startIndex)..<close])
        }
        let colons = hop.utf8.lazy.filter { $0 == UInt8(ascii: ":") }.count
        if colons == 1, let colon = hop.firstIndex(of: ":") { return String(hop[..<colon]) }
        return hop
    }
}

extension Substring {
    var trimmingSpacesSubstring: Substring {
        var s = self
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
