#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IP address or CIDR block (`10.0.0.0/8`, `::1`, `fd00::/8`), kept as 16 bytes with IPv4
/// mapped into `::ffff:0:0/96`, so one comparison serves both families.
public struct AddressBlock: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let prefixLength: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = AddressBlock.parseAddress(String(parts[0])) else { return nil }
        let isV4 = !parts[0].contains(":")
        let maximum = isV4 ? 32 : 128
        var length = maximum
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...maximum).contains(given) else { return nil }
            length = given
        }
        bytes = address
        prefixLength = isV4 ? length + 96 : length
    }

    public var description: String { "\(bytes)/\(prefixLength)" }

    public func contains(_ address: [UInt8]) -> Bool {
        guard address.count == 16 else { return false }
        var remaining = prefixLength
        var i = 0
        while remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if (address[i] & mask) != (bytes[i] & mask) { return false }
            remaining -= 8
            i += 1
        }
        return true
    }

    /// 16 bytes for an IPv4 or IPv6 literal (IPv4 mapped), or nil when it is not one.
    public static func parseAddress(_ text: String) -> [UInt8]? {
        var literal = text
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = String(literal.dropFirst().dropLast()) }
        if let zone = literal.firstIndex(of: "%") { literal = String(literal[..<zone]) }
        guard !literal.isEmpty, literal.utf8.count <= 45 else { return nil }
        if literal.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, literal, &address) == 1 else { return nil }
            return withUnsafeBytes(of: &address) { Array($0) }
        }
        var address = in_addr()
        guard inet_pton(AF_INET, literal, &address) == 1 else { return nil }
        return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + withUnsafeBytes(of: &address) { Array($0) }
    }
}
