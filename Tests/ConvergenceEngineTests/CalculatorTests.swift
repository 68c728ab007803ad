import Testing
@testable import ConvergenceEngine
import JSON

@Suite struct CalculatorTests {
    @Test func eightExpertsTwoActiveIsAQuarter() throws {
        let cost = try engine.moeCost(experts: 8, active: 2)
        #expect(cost.ratio == 0.25)
        #expect(cost.saving == 0.75)
        #expect(cost.experts == 8)
        #expect(cost.active == 2)
    }

    @Test func parameterCounts() throws {
        // Active 10B of 1T total (the source's table: 1T+ total, 10–20B active).
        let cost = try engine.moeCost(totalParams: 1e12, activeParams: 1e10)
        #expect(cost.ratio == 0.01)
        #expect(cost.saving == 0.99)
    }

    @Test func badMoEInputs() {
        let e1 = #expect(throws: ValidationError.self) { try engine.moeCost(experts: 8, active: 9) }
        #expect(e1?.problems.map(\.pointer) == ["/active"])
        let e2 = #expect(throws: ValidationError.self) { try engine.moeCost(experts: 2.5, active: 0) }
        #expect(e2?.problems.map(\.pointer) == ["/experts", "/active"])
        #expect(e2?.problems.first?.detail == "must be an integer, got 2.5")
        let e3 = #expect(throws: ValidationError.self) { try engine.moeCost(experts: .infinity, active: .nan) }
        #expect(e3?.problems.count == 2)
        let e4 = #expect(throws: ValidationError.self) { try engine.moeCost(totalParams: 0, activeParams: 5) }
        #expect(e4?.problems.map(\.pointer) == ["/totalParams"])
        #expect(e4?.problems.first?.detail == "must be greater than 0, got 0")
        let e5 = #expect(throws: ValidationError.self) { try engine.moeCost(totalParams: 5, activeParams: 6) }
        #expect(e5?.problems.map(\.pointer) == ["/activeParams"])
    }

    @Test func loadImbalance() throws {
        // Loads 1, 2, 3: max − min = 2; mean 2, population variance 2/3, CV = √(2/3)/2 = 0.408248.
        let result = try engine.loadImbalance(loads: [1, 2, 3])
        #expect(result.imbalance == 2)
        #expect(result.coefficientOfVariation == 0.408248)
        #expect(result.mean == 2)
        let even = try engine.loadImbalance(loads: [5, 5, 5, 5])
        #expect(even.imbalance == 0)
        #expect(even.coefficientOfVariation == 0)
        let idle = try engine.loadImbalance(loads: [0, 0])
        #expect(idle.coefficientOfVariation == 0)
        let huge = try engine.loadImbalance(loads: [1e308, 0])
        #expect(huge.coefficientOfVariation == 1)
    }

    @Test func badLoads() {
        let empty = #expect(throws: ValidationError.self) { try engine.loadImbalance(loads: []) }
        #expect(empty?.problems.map(\.pointer) == ["/loads"])
        let bad = #expect(throws: ValidationError.self) { try engine.loadImbalance(loads: [1, -1, .nan]) }
        #expect(bad?.problems.map(\.pointer) == ["/loads/1", "/loads/2"])
    }

    @Test func contextCost() throws {
        // N = 2^17, R = 2^12, d = 2^12: N²d = 2^46; N·d + R²·d = 2^29 + 2^36; ratio = 2^17 / 129.
        let cost = try engine.contextCost(contextTokens: 131_072, retrievedTokens: 4096, width: 4096)
        #expect(cost.longContext == 70_368_744_177_664)
        #expect(cost.rag == 69_256_347_648)
        #expect(cost.ratio == 1016.062016)
        #expect(cost.model.hasPrefix("asymptotic"))
        // R = 0: retrieval alone, N·d = 4·2 against N²·d = 16·2.
        let none = try engine.contextCost(contextTokens: 4, retrievedTokens: 0, width: 2)
        #expect((none.longContext, none.rag, none.ratio) == (32, 8, 4))
    }

    @Test func badContextInputs() {
        let e = #expect(throws: ValidationError.self) {
            try engine.contextCost(contextTokens: 0, retrievedTokens: -1, width: .nan)
        }
        #expect(e?.problems.map(\.pointer) == ["/contextTokens", "/retrievedTokens", "/width"])
        #expect(e?.problems.map(\.detail) == ["must be at least 1, got 0", "must be at least 0, got -1", "must be a finite number"])
        // Token counts and widths are whole numbers, N and d at least one token or dimension.
        let fractional = #expect(throws: ValidationError.self) {
            try engine.contextCost(contextTokens: 4.5, retrievedTokens: 0.5, width: 0.5)
        }
        #expect(fractional?.problems.map(\.detail) == ["must be an integer, got 4.5", "must be an integer, got 0.5",
                                                       "must be at least 1, got 0.5"])
        let more = #expect(throws: ValidationError.self) {
            try engine.contextCost(contextTokens: 10, retrievedTokens: 20, width: 1)
        }
        #expect(more?.problems.map(\.pointer) == ["/retrievedTokens"])
        // R > N is reported even when another field is bad too.
        let both = #expect(throws: ValidationError.self) {
            try engine.contextCost(contextTokens: 10, retrievedTokens: 20, width: 0)
        }
        #expect(both?.problems.map(\.pointer) == ["/width", "/retrievedTokens"])
        let overflow = #expect(throws: ValidationError.self) {
            try engine.contextCost(contextTokens: 1e200, retrievedTokens: 1, width: 1e200)
        }
        #expect(overflow?.problems.count == 1)
    }

    @Test func largeIntegersAreOutOfRangeNotNonIntegers() throws {
        for experts in [9007199254740993.0, 1e30, Double(MoECost.maximumExperts) + 1] {
            do {
                _ = try engine.moeCost(experts: experts, active: 1)
                Issue.record("\(experts) experts must be rejected")
            } catch {
                #expect(error.problems.map(\.pointer) == ["/experts"])
                #expect(error.problems.first?.detail.hasPrefix("must be at most 1000000000, got ") == true, "\(error.summary)")
            }
        }
        // A request body's 9007199254740993: the value reads as the integer the JSON number became (2^53),
        // not as 9007199254740992.0.
        // It reaches the engine as the service sends it: parsed, then the number.
        let body = try JSONParser.parse(Array(#"{"experts":9007199254740993,"active":1}"#.utf8))
        guard case .number(let bodyExperts)? = body["experts"] else {
            Issue.record("experts must parse as a number")
            return
        }
        do {
            _ = try engine.moeCost(experts: bodyExperts, active: 1)
            Issue.record("9007199254740993 experts must be rejected")
        } catch {
            #expect(error.summary == "experts must be at most 1000000000, got 9007199254740992")
        }
        // The bound itself is accepted: 1 of 10^9 experts active.
        #expect((try? engine.moeCost(experts: 1e9, active: 1))?.experts == 1_000_000_000)
        // A fraction is still "must be an integer".
        #expect((try? engine.moeCost(experts: 8, active: 2.5)) == nil)
        do {
            _ = try engine.moeCost(experts: 8, active: 2.5)
        } catch {
            #expect(error.problems.first?.detail == "must be an integer, got 2.5")
        }
    }
}
