import Testing
@testable import ConvergenceEngine

@Test func configIsEmbedded() {
    #expect(!ConvergenceEngineInfo.embeddedFileNames.isEmpty)
}
