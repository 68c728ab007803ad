import Foundation
import Testing
@testable import ConvergenceEngine

@Suite struct CalculatorInputTests {
    func input(_ json: String) throws -> CalculatorInput {
        try JSONDecoder().decode(CalculatorInput.self, from: Data(json.utf8))
    }

    @Test func apiExamples() throws {
        #expect(try engine.moeCost(try input(#"{"experts":8,"active":2}"#)).ratio == 0.25)
        #expect(try engine.moeCost(try input(#"{"totalParams":1000,"activeParams":250}"#)).saving == 0.75)
        #expect(try engine.loadImbalance(try input(#"{"loads":[1,2,3]}"#)).imbalance == 2)
        #expect(try engine.contextCost(try input(#"{"contextTokens":131072,"retrievedTokens":4096,"width":4096}"#)).ratio == 1016.062016)
    }

    @Test func queries() throws {
        #expect(try engine.moeCost(CalculatorInput(query: [("experts", "8"), ("active", "2")])).ratio == 0.25)
        #expect(try engine.loadImbalance(CalculatorInput(query: [("loads", "1,2,3")])).imbalance == 2)
        #expect(try engine.loadImbalance(CalculatorInput(query: [("loads", "1"), ("loads", "4")])).imbalance == 3)
    }

    @Test func problems() throws {
        let missing = #expect(throws: ValidationError.self) { try engine.moeCost(try input(#"{"experts":8}"#)) }
        #expect(missing?.problems.map(\.pointer) == ["/active"])
        let text = #expect(throws: ValidationError.self) { try engine.moeCost(try input(#"{"experts":"eight","active":2}"#)) }
        #expect(text?.problems.map(\.pointer) == ["/experts"])
        let both = #expect(throws: ValidationError.self) { try engine.moeCost(try input(#"{"experts":8,"totalParams":2}"#)) }
        #expect(both?.problems.count == 1)
        let none = #expect(throws: ValidationError.self) { try engine.moeCost(try input("{}")) }
        #expect(none?.problems.first?.code == .missing)
        let loads = #expect(throws: ValidationError.self) { try engine.loadImbalance(try input(#"{"loads":[1,"x",null]}"#)) }
        #expect(loads?.problems.map(\.pointer) == ["/loads/1", "/loads/2"])
        let context = #expect(throws: ValidationError.self) { try engine.contextCost(try input(#"{"width":true}"#)) }
        #expect(context?.problems.map(\.pointer) == ["/contextTokens", "/retrievedTokens", "/width"])
    }
}

@Suite struct CompareRequestTests {
    func request(_ json: String) throws -> CompareRequest {
        try JSONDecoder().decode(CompareRequest.self, from: Data(json.utf8))
    }

    @Test func approaches() throws {
        let result = try engine.compare(try request(#"{"approaches":[{"name":"A","share":0.55},{"name":"B","share":0.45}]}"#))
        guard case .market(let market) = result else {
            Issue.record("expected a market analysis")
            return
        }
        #expect(market.leader == "A")
        // 55² + 45² = 3025 + 2025
        #expect(market.hhi == 5050)
        #expect(market.structure == .duopoly)
        let json = try jsonObject(result)
        #expect(json["hhi"] as? Double == 5050)
    }

    @Test func items() throws {
        let result = try engine.compare(try request(#"{"items":[{"technology":"rlhf"},{"technology":"reasoning"}],"model":"formal"}"#))
        guard case .items(let comparison) = result else {
            Issue.record("expected an item comparison")
            return
        }
        #expect(comparison.moreConverged == "rlhf")
        #expect(comparison.items.map(\.score) == [0.87, 0.46])
    }

    @Test func problemsArePointed() throws {
        let shares = #expect(throws: ValidationError.self) {
            try engine.compare(try request(#"{"approaches":[{"name":"A","share":"most"},{"share":0.2},7]}"#))
        }
        #expect(shares?.problems.map(\.pointer) == ["/approaches/0/share", "/approaches/1/name", "/approaches/2"])
        let items = #expect(throws: ValidationError.self) {
            try engine.compare(try request(#"{"items":[{"technology":"rlhf"},"x",{"adoption":2,"standardization":0.5,"controversy":0.5}]}"#))
        }
        #expect(items?.problems.map(\.pointer) == ["/items/1", "/items/2/adoption"])
        let neither = #expect(throws: ValidationError.self) { try engine.compare(try request("{}")) }
        #expect(neither?.problems.count == 1)
    }
}
