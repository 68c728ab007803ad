import Testing
@testable import ConvergenceEngine

@Test func configIsEmbedded() {
    #expect(Engine.embeddedFiles["models.json"] != nil)
}
