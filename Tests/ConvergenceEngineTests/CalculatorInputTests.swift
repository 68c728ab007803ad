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

    @Test func calculatorsListEveryBadField() throws {
        let moeInput = CalculatorInput(fields: ["experts": .invalid, "active": .number(2.5)])
        #expect(problemPointers { _ = try engine.moeCost(moeInput) } == ["/experts", "/active"])
        let paramsInput = CalculatorInput(fields: ["totalParams": .invalid, "activeParams": .number(-1)])
        #expect(Set(problemPointers { _ = try engine.moeCost(paramsInput) } ?? []) == ["/totalParams", "/activeParams"])
        let loadsInput = CalculatorInput(fields: ["loads": .array([1, nil, -2])])
        #expect(problemPointers { _ = try engine.loadImbalance(loadsInput) } == ["/loads/1", "/loads/2"])
        let contextInput = CalculatorInput(fields: ["contextTokens": .invalid, "retrievedTokens": .number(-1), "width": .number(0)])
        #expect(Set(problemPointers { _ = try engine.contextCost(contextInput) } ?? []) == ["/contextTokens", "/retrievedTokens", "/width"])
    }

    @Test func calculatorsMergeCallerProblems() throws {
        // What the service does: its own, more specific shape problems, the field left out.
        let shape: [ValidationError.Problem] = [.init(pointer: "/experts", detail: "must be a number, got string")]
        do {
            _ = try engine.moeCost(CalculatorInput(fields: ["active": .number(2.5)], inputProblems: shape))
            Issue.record("must fail")
        } catch {
            #expect(error.problems.map(\.pointer) == ["/experts", "/active"])
            // The caller's detail, not a second "is required" for the same field.
            #expect(error.problems.first?.detail == "must be a number, got string")
        }
        let loadShape: [ValidationError.Problem] = [.init(pointer: "/loads/1", detail: "must be a number, got string")]
        let loads = CalculatorInput(fields: ["loads": .array([1, nil, -2])], inputProblems: loadShape)
        #expect(problemPointers { _ = try engine.loadImbalance(loads) } == ["/loads/1", "/loads/2"])
        // Shape problems alone fail even when every readable value is fine.
        let context = CalculatorInput(fields: ["contextTokens": .number(8), "retrievedTokens": .number(2), "width": .number(4)],
                                      inputProblems: [.init(pointer: "/extra", detail: "must be a number, got string")])
        #expect(problemPointers { _ = try engine.contextCost(context) } == ["/extra"])
    }
}
