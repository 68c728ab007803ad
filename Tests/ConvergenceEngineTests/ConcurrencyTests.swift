import Testing
@testable import ConvergenceEngine

@Suite struct ConcurrencyTests {
    /// Many tasks read one engine while another is built beside it (a reload): every reader
    /// sees a complete engine and the same answers.
    @Test func concurrentReadersAndAReload() async throws {
        let shared = engine
        let results = await withTaskGroup(of: Double?.self) { group in
            for i in 0..<16 {
                group.addTask {
                    if i == 0 { return (try? Engine.embedded())?.technologies.first { $0.id == "moe-vs-dense" }?.score }
                    var last: Double? = nil
                    for _ in 0..<200 { last = try? shared.classify(ScoreRequest(technology: "moe-vs-dense")).score }
                    return last
                }
            }
            var all: [Double?] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0 == 0.68 })
    }
}
