import Testing
@testable import ConvergenceEngine

/// Ids from requests are looked up as `String`s compare (canonical equivalence), and an id
/// longer than any equal spelling of a stored one is absent without being hashed.
@Suite struct IdIndexTests {
    @Test func storedIdsAreFoundFirstOneWins() {
        let index = IdIndex(["rlhf", "moe-vs-dense", "rlhf", ""])
        #expect(index["rlhf"] == 0)
        #expect(index["moe-vs-dense"] == 1)
        #expect(index[""] == 3)
        #expect(index["RLHF"] == nil)
        #expect(index["moe"] == nil)
    }

    /// Canonically equivalent spellings (Unicode canonical decompositions) still find the id,
    /// even the ones longer in UTF-8 than the stored spelling.
    @Test func equivalentSpellingsAreFound() {
        // U+212A KELVIN SIGN decomposes to K (3 bytes for 1).
        #expect(IdIndex(["K"])["\u{212A}"] == 0)
        // é precomposed (2 bytes) and e + U+0301 (3 bytes), either way round.
        #expect(IdIndex(["caf\u{E9}"])["cafe\u{301}"] == 0)
        #expect(IdIndex(["cafe\u{301}"])["caf\u{E9}"] == 0)
        // U+1F82 (3 bytes) is α + U+0313 + U+0300 + U+0345 (8 bytes), the longest decomposition.
        #expect(IdIndex(["\u{1F82}"])["\u{3B1}\u{313}\u{300}\u{345}"] == 0)
        // Kelvin signs for each letter of an ASCII id: 3 bytes each.
        #expect(IdIndex(["KKKK"])[String(repeating: "\u{212A}", count: 4)] == 0)
    }

    @Test func longIdsAreAbsent() {
        let index = IdIndex(["rlhf", "moe-vs-dense"])
        #expect(index[String(repeating: "x", count: 1 << 20)] == nil)
        #expect(index[String(repeating: "\u{E9}", count: 1 << 19)] == nil)
        #expect(IdIndex([])["a"] == nil)
        #expect(IdIndex([])[""] == nil)
    }
}
