extension JSONParser {
    /// The member names of one large object, to find a repeated name in constant time: an open
    /// addressing table of positions into the object's members, each beside its name's hash.
    /// Names are hashed once (by code units, with the standard library's seeded hasher, so a
    /// body cannot choose colliding names), growing never hashes them again, and two names
    /// are compared only when their hashes are equal.
    struct NameSet {
        /// Per slot: the member's position in the object (-1: empty) and its name's hash.
        private var positions: [Int]
        private var hashes: [Int]
        private var count = 0

        /// The names of `members`, all distinct.
        init(_ members: [(String, JSONValue)]) {
            var capacity = 64
            while capacity * 3 < members.count * 4 { capacity *= 2 }
            positions = Array(repeating: -1, count: capacity)
            hashes = Array(repeating: 0, count: capacity)
            for (position, member) in members.enumerated() { place(Self.hash(member.0), position) }
        }

        /// Adds the name of the member about to be stored at `position` of `members`; false
        /// (and nothing added) when a member already there has the same name.
        mutating func insert(_ name: String, at position: Int, of members: [(String, JSONValue)]) -> Bool {
            let hash = Self.hash(name)
            let mask = positions.count - 1
            var slot = hash & mask
            while positions[slot] >= 0 {
                if hashes[slot] == hash, JSONValue.sameName(members[positions[slot]].0, name) { return false }
                slot = (slot + 1) & mask
            }
            if (count + 1) * 4 > positions.count * 3 {
                grow()
                place(hash, position)
            } else {
                positions[slot] = position
                hashes[slot] = hash
                count += 1
            }
            return true
        }

        /// Stores a name known to be absent.
        private mutating func place(_ hash: Int, _ position: Int) {
            let mask = positions.count - 1
            var slot = hash & mask
            while positions[slot] >= 0 { slot = (slot + 1) & mask }
            positions[slot] = position
            hashes[slot] = hash
            count += 1
        }

        /// Twice the slots, every entry placed again by its kept hash.
        private mutating func grow() {
            let old = zip(positions, hashes).filter { $0.0 >= 0 }
            positions = Array(repeating: -1, count: 2 * positions.count)
            hashes = Array(repeating: 0, count: positions.count)
            count = 0
            for (position, hash) in old { place(hash, position) }
        }

        static func hash(_ name: String) -> Int {
            var hasher = Hasher()
            let hashed: Void? = name.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            if hashed == nil { for byte in name.utf8 { hasher.combine(byte) } }
            return hasher.finalize()
        }
    }
}
