import Foundation
import Testing
@testable import ConvergenceEngine
import JSON

/// No input crashes the engine: garbage config (a bad reload) and garbage request bodies end
/// in a typed error, never a trap.
@Suite struct RobustnessTests {
    let seeds: [UInt64] = [7, 99, 123_456]

    /// Mutates text: deletes, duplicates or replaces a few bytes with JSON-significant ones.
    func mutate(_ text: String, _ g: inout SeededGenerator) -> String {
        var bytes = Array(text.utf8)
        let alphabet = Array("{}[]\":,0123456789.-eE ntfu\\\n".utf8)
        for _ in 0..<Int(g.next() % 4 + 1) where !bytes.isEmpty {
            let i = Int(g.next() % UInt64(bytes.count))
            switch g.next() % 3 {
            case 0: bytes.remove(at: i)
            case 1: bytes.insert(bytes[i], at: i)
            default: bytes[i] = alphabet[Int(g.next() % UInt64(alphabet.count))]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func mutatedConfigLoadsOrReportsProblems() {
        let paths = Engine.embeddedFiles.keys.filter { $0.hasSuffix(".json") }.sorted()
        for seed in seeds {
            var g = SeededGenerator(seed: seed)
            for _ in 0..<150 {
                var files = Engine.embeddedFiles
                let path = paths[Int(g.next() % UInt64(paths.count))]
                files[path] = mutate(files[path] ?? "", &g)
                do {
                    let engine = try Engine(files: files)
                    // Whatever loaded is internally consistent: every score has a level.
                    for t in engine.technologies { #expect(engine.levels.contains { $0.id == t.level.id }) }
                } catch {
                    #expect(!error.problems.isEmpty, "seed \(seed) \(path)")
                }
            }
        }
    }

    @Test func randomBytesNeverCrashTheParser() {
        for seed in seeds {
            var g = SeededGenerator(seed: seed)
            for _ in 0..<2_000 {
                let bytes = (0..<Int(g.next() % 40)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
                _ = try? JSONParser.parse(bytes, options: .configuration)
            }
        }
    }

    @Test func mutatedRequestBodiesNeverCrashTheParser() {
        let bodies = [
            #"{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"model":"extended"}"#,
            #"{"adoption":[0.5,0.7],"standardization":[0.5,0.8],"controversy":[0.2,0.5]}"#,
            #"{"weights":{"adoption":0.5,"standardization":0.3,"controversy":0.2},"adoption":0.6,"standardization":0.7,"controversy":0.3}"#,
            #"{"items":[{"technology":"rlhf"},{"technology":"reasoning"}],"model":"formal"}"#,
            #"{"approaches":[{"name":"A","share":0.55},{"name":"B","share":0.45}]}"#,
            #"{"experts":8,"active":2,"loads":[1,2,3],"contextTokens":131072,"retrievedTokens":4096,"width":4096}"#,
        ]
        // Request bodies reach the engine through this parser and the API's RequestMapping
        // (whose bad shapes ErrorsEndToEndTests covers).
        for seed in seeds {
            var g = SeededGenerator(seed: seed)
            for _ in 0..<300 {
                let body = mutate(bodies[Int(g.next() % UInt64(bodies.count))], &g)
                _ = try? JSONParser.parse(Array(body.utf8))
            }
        }
    }
}
