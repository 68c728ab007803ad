#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON

/// A fixed map from short keys (paths) to values, built once and then only read: the route
/// table's templates and a state's rendered representations. Every request looks up both, and
/// as `Dictionary<String, _>` the two lookups (SipHash over the key, then a `String`
/// comparison) cost a sixth of a `GET /healthz`'s user-space instructions; here a lookup
/// hashes the key's bytes with FNV-1a and compares bytes once, about a fifth of that
/// (scripts/bench/instructions.sh).
///
/// Open addressing with linear probing, at most half full. Nothing is inserted after `init`,
/// so a client's key can probe no further than the longest run the server's own keys made:
/// a flood of colliding keys has nothing to grow.
struct PathTable<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        let hash: UInt64
        let key: [UInt8]
        let value: Value
    }

    private let entries: [Entry]
    /// Slot → index into `entries`, -1 when free; a power of two at least twice `entries.count`.
    private let slots: [Int32]

    init(_ pairs: [String: Value]) {
        var slotCount = 16
        while slotCount < 2 * pairs.count { slotCount *= 2 }
        var slots = [Int32](repeating: -1, count: slotCount)
        var entries: [Entry] = []
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            let bytes = Array(key.utf8)
            let hash = bytes.withUnsafeBufferPointer(Self.hash)
            var slot = Int(truncatingIfNeeded: hash) & (slotCount - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (slotCount - 1) }
            slots[slot] = Int32(entries.count)
            entries.append(Entry(hash: hash, key: bytes, value: value))
        }
        self.entries = entries
        self.slots = slots
    }

    subscript(key: String) -> Value? {
        key.withUTF8Bytes { self[bytes: $0] }
    }

    subscript(bytes key: UnsafeBufferPointer<UInt8>) -> Value? {
        let hash = Self.hash(key)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return nil }
            let entry = entries[Int(index)]
            if entry.hash == hash && entry.key.hasSameBytes(as: key) { return entry.value }
            slot = (slot + 1) & mask
        }
    }

    var count: Int { entries.count }

    /// Every key, in no particular order.
    var keys: [String] { entries.map { String(decoding: $0.key, as: UTF8.self) } }

    /// FNV-1a, 64-bit.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

extension [UInt8] {
    /// Whether these are `other`'s bytes, compared with `memcmp` (`==` on arrays goes element
    /// by element). Used by `PathTable` and `ResultMemo`.
    func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        return withUnsafeBufferPointer { mine in
            guard let a = mine.baseAddress, let b = other.baseAddress else { return true }
            return memcmp(a, b, count) == 0
        }
    }
}
