@testable import ConvergenceAPI
import Testing

/// The fixed key table behind route matching and rendered representations: every key it was
/// built with is found, by `String` and by bytes; anything else is not, however close.
@Suite struct PathTableTests {
    @Test func findsEveryKeyAndNothingElse() {
        // More keys than the smallest table has slots, so probing runs past collisions.
        var pairs: [String: Int] = [:]
        for i in 0..<300 { pairs["/technologies/t\(i)"] = i }
        pairs["/"] = -1
        pairs[""] = -2
        let table = PathTable(pairs)
        #expect(table.count == pairs.count)
        for (key, value) in pairs {
            #expect(table[key] == value, "\(key)")
            let bytes = Array(key.utf8)
            #expect(bytes.withUnsafeBufferPointer { table[bytes: $0] } == value, "\(key)")
        }
        for miss in ["/technologies/t300", "/technologies/t1 ", "/technologies/T1", "/technologies/t", "//", "/technologies/t10/"] {
            #expect(table[miss] == nil, "\(miss)")
        }
        #expect(Set(table.keys) == Set(pairs.keys))
    }

    @Test func nonASCIIAndLongKeys() {
        let long = "/" + String(repeating: "é", count: 200)
        let table = PathTable(["/技术": 1, long: 2])
        #expect(table["/技术"] == 1)
        #expect(table[long] == 2)
        #expect(table["/技"] == nil)
        #expect(table[String(long.dropLast())] == nil)
    }

    @Test func emptyTable() {
        let table = PathTable<Int>([:])
        #expect(table["/healthz"] == nil)
        #expect(table[""] == nil)
        #expect(table.count == 0)
    }
}
