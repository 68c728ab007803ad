import Testing
@testable import ConvergenceEngine

@Suite struct RoundingTests {
    @Test func binaryNoiseNeverReachesUsers() {
        #expect(Rounding.six(0.6599999999999999) == 0.66)
        #expect(Rounding.six(0.6000000000000001) == 0.6)
        #expect(Rounding.six(0.4 * 0.6 + 0.3 * 0.6 + 0.3 * 0.6) == 0.6)
    }

    @Test func decimalTiesRoundToEven() {
        #expect(Rounding.six(0.1234565) == 0.123456)
        #expect(Rounding.six(0.1234575) == 0.123458)
        #expect(Rounding.six(0.0000005) == 0)
        #expect(Rounding.six(0.0000015) == 0.000002)
    }

    @Test func ordinaryRounding() {
        #expect(Rounding.six(0.12345649) == 0.123456)
        #expect(Rounding.six(0.12345651) == 0.123457)
        #expect(Rounding.six(1) == 1)
        #expect(Rounding.six(0) == 0)
        #expect(Rounding.six(-0.0000001).sign == .plus)
    }
}
