import Testing
@testable import ConvergenceAPI

@Test func apiModuleLinks() {
    _ = ConvergenceAPIInfo.self
}
