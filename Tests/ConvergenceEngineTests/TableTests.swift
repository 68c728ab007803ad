import Testing
@testable import ConvergenceEngine

@Suite struct TableTests {
    @Test func everyTableIsListed() {
        #expect(engine.tableSummaries.map(\.id) == [
            "levels", "l2-status", "l2-vs-l1", "l2-vs-l3", "moe-vs-dense", "moe-vs-dense-overview", "long-context-vs-rag",
            "long-context-vs-rag-overview",
        ])
    }

    @Test func moeVsDenseTallyIsFiveToTwo() throws {
        let table = try engine.table(id: "moe-vs-dense")
        #expect(table.kind == .comparison)
        #expect(table.columns == ["Dimension", "MoE", "Dense", "Advantage"])
        #expect(table.rows.count == 7)
        #expect(table.rows.map(\.advantage) == ["moe", "moe", "moe", "moe", "dense", "dense", "moe"])
        #expect(table.tally?.advantages(of: "moe") == 5)
        #expect(table.tally?.advantages(of: "dense") == 2)
        #expect(table.tally?.none == 0)
    }

    @Test func longContextVsRagTallyIsThreeTwoOne() throws {
        let table = try engine.table(id: "long-context-vs-rag")
        #expect(table.rows.count == 6)
        #expect(table.tally?.advantages(of: "long-context") == 3)
        #expect(table.tally?.advantages(of: "rag") == 2)
        #expect(table.tally?.none == 1)
        #expect(table.rows.last?.cells.last == "-")
    }

    @Test func overviewTablesComeFromTheApproaches() throws {
        let moe = try engine.table(id: "moe-vs-dense-overview")
        #expect(moe.kind == .overview)
        // The document's headers MoE（Mixture of Experts） and Dense（密集模型）.
        #expect(moe.columns == ["Dimension", "MoE (Mixture of Experts)", "Dense (dense model)", "2025 status"])
        #expect(moe.rows[0].values == ["GPT-4, Claude 3.5, Mixtral", "GPT-3, PaLM, Llama 3.1", "duopoly competition"])
        #expect(moe.rows[1].values == ["60%", "40%", "undecided"])
        #expect(moe.rows[2].values == ["high", "medium", "fierce competition"])
        #expect(moe.rows[3].values == ["60%", "60%", "converging"])
        let rag = try engine.table(id: "long-context-vs-rag-overview")
        #expect(rag.rows[0].values.prefix(2) == ["Claude 3.5, GPT-4 Turbo, Gemini 2.5", "Perplexity, You.com, LangChain"])
        #expect(rag.rows[1].values.prefix(2) == ["50%", "50%"])
        #expect(rag.rows[2].values.prefix(2) == ["high", "high"])
    }

    @Test func levelComparisonTables() throws {
        let l3 = try engine.table(id: "l2-vs-l3")
        #expect(l3.columns == ["Dimension", "L2: Converging (duopoly)", "L3: Quasi-converged (de facto monopoly)"])
        #expect(l3.rows.map(\.values) == [["50-70%", "90%+"], ["high", "low"], ["medium", "low"], ["60%", "85%"]])
        let l1 = try engine.table(id: "l2-vs-l1")
        #expect(l1.rows.map(\.values) == [["50-70%", "<50%"], ["high", "high"], ["medium", "high"], ["60%", "30%"]])
    }

    @Test func csvQuotesCommasQuotesAndNewlines() throws {
        let csv = try engine.table(id: "moe-vs-dense-overview").csv
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "Dimension,MoE (Mixture of Experts),Dense (dense model),2025 status")
        #expect(lines[1] == "Representative products,\"GPT-4, Claude 3.5, Mixtral\",\"GPT-3, PaLM, Llama 3.1\",duopoly competition")
        #expect(csv.hasSuffix("\r\n"))
        #expect(CSV.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.escape("two\nlines") == "\"two\nlines\"")
        #expect(CSV.escape("cr\rhere") == "\"cr\rhere\"")
        #expect(CSV.escape("plain") == "plain")
    }

    @Test func everyTableParsesBackToItsCells() throws {
        for summary in engine.tableSummaries {
            let table = try engine.table(id: summary.id)
            let parsed = try #require(CSV.parse(table.csv))
            #expect(parsed == [table.columns] + table.rows.map(\.cells), "\(summary.id)")
            #expect(table.rows.allSatisfy { $0.cells.count == table.columns.count }, "\(summary.id)")
        }
    }

    @Test func unknownTable() {
        #expect(throws: NotFoundError(kind: .table, id: "nope")) { try engine.table(id: "nope") }
    }
}
