import Testing
@testable import ConvergenceEngine

/// The calculators from a `CalculatorInput`, as the API builds it from a body (its shape
/// problems, if any, go in `inputProblems`).
@Suite struct CalculatorInputTests {
    @Test func apiExamples() throws {
        #expect(try engine.moeCost(CalculatorInput(fields: ["experts": .number(8), "active": .number(2)])).ratio == 0.25)
        #expect(try engine.moeCost(CalculatorInput(fields: ["totalParams": .number(1000), "activeParams": .number(250)])).saving == 0.75)
        #expect(try engine.loadImbalance(CalculatorInput(fields: ["loads": .array([1, 2, 3])])).imbalance == 2)
        let context = CalculatorInput(fields: ["contextTokens": .number(131_072), "retrievedTokens": .number(4096), "width": .number(4096)])
        #expect(try engine.contextCost(context).ratio == 1016.062016)
    }

    @Test func problems() throws {
        let missing = #expect(throws: ValidationError.self) { try engine.moeCost(CalculatorInput(fields: ["experts": .number(8)])) }
        #expect(missing?.problems.map(\.pointer) == ["/active"])
        let text = #expect(throws: ValidationError.self) {
            try engine.moeCost(CalculatorInput(fields: ["experts": .invalid, "active": .number(2)]))
        }
        #expect(text?.problems.map(\.pointer) == ["/experts"])
        let both = #expect(throws: ValidationError.self) {
            try engine.moeCost(CalculatorInput(fields: ["experts": .number(8), "totalParams": .number(2)]))
        }
        #expect(both?.problems.count == 1)
        let none = #expect(throws: ValidationError.self) { try engine.moeCost(CalculatorInput()) }
        #expect(none?.problems.first?.code == .missing)
        let loads = #expect(throws: ValidationError.self) { try engine.loadImbalance(CalculatorInput(fields: ["loads": .array([1, nil, nil])])) }
        #expect(loads?.problems.map(\.pointer) == ["/loads/1", "/loads/2"])
        let context = #expect(throws: ValidationError.self) { try engine.contextCost(CalculatorInput(fields: ["width": .invalid])) }
        #expect(context?.problems.map(\.pointer) == ["/contextTokens", "/retrievedTokens", "/width"])
    }
}
