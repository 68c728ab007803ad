@testable import ConvergenceAPI
import ConvergenceAPITesting
import ConvergenceEngine
import Foundation
import HTTPServer
import Testing

/// `POST /score` and `/classify` bodies answered lately are answered again from the state's
/// memo: the same bytes and headers as when computed, the classification counted each time,
/// nothing kept that could differ for another request, and a reload starts afresh.
@Suite struct ResultMemoTests {
    static let body = #"{"adoption":0.6,"standardization":0.7,"controversy":0.3,"maturity":0.75,"model":"extended"}"#

    func headerList(_ response: APIResponse) -> [String] {
        response.headers.map { "\($0.name): \($0.value)" }
    }

    func classified(_ client: APITestClient, level: String) throws -> Int {
        let text = try client.get("/metrics").bodyText
        let prefix = #"convergence_classifications_total{level="\#(level)"} "#
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return 0 }
        return Int(Double(line.dropFirst(prefix.count)) ?? -1)
    }

    @Test func aRepeatedBodyGetsTheSameAnswerAndIsCountedEachTime() throws {
        let client = try APITestClient()
        let first = try client.post("/score", Self.body)
        #expect(first.status == 200)
        #expect(client.service.current.resultMemo.count == 1)
        let second = try client.post("/score", Self.body)
        #expect(second.status == 200)
        #expect(second.body == first.body)
        #expect(headerList(second) == headerList(first))
        // Request ids are the server's, added on the wire: never part of a remembered answer.
        #expect(first.headers["X-Request-ID"] == nil && second.headers["X-Request-ID"] == nil)
        // 0.3·0.6 + 0.3·0.7 + 0.2·(1 − 0.3) + 0.2·0.75 = 0.685: L2 (docs/model.md, moe-vs-dense), counted twice.
        #expect(try classified(client, level: "L2") == 2)
        // /classify of the same body is another answer, kept apart.
        let classify = try client.post("/classify", Self.body)
        #expect(classify.status == 200)
        #expect(classify.body != first.body)
        #expect(client.service.current.resultMemo.count == 2)
        #expect(try client.post("/classify", Self.body).body == classify.body)
    }

    /// The latest answer is compared first and the table second: bodies of one length that
    /// differ in a digit, taking turns, each get their own answer every time.
    @Test func bodiesTakingTurnsGetTheirOwnAnswers() throws {
        let client = try APITestClient()
        let bodies = [Self.body, Self.body.replacingOccurrences(of: "0.75,", with: "0.15,"),
                      Self.body.replacingOccurrences(of: "0.3,", with: "0.9,")]
        #expect(Set(bodies.map(\.utf8.count)).count == 1)
        let answers = try bodies.map { try client.post("/score", $0).body }
        #expect(Set(answers).count == 3)
        for i in [0, 1, 0, 2, 2, 1, 0, 2, 1, 1] {
            #expect(try client.post("/score", bodies[i]).body == answers[i], "body \(i)")
        }
        #expect(client.service.current.resultMemo.count == 3)
    }

    /// Whether the client accepts gzip is part of the key: the answer to one is not the other's.
    @Test func gzipAndIdentityAnswersAreKeptApart() throws {
        let client = try APITestClient()
        let gzipHeaders = [("Content-Type", "application/json"), ("Accept-Encoding", "gzip")]
        let batch = "[" + Array(repeating: Self.body, count: 4).joined(separator: ",") + "]"
        let plain = try client.post("/score", batch)
        let gzipped = try client.send("POST", "/score", headers: gzipHeaders, body: batch)
        #expect(plain.headers["Content-Encoding"] == nil)
        #expect(gzipped.headers["Content-Encoding"] == "gzip")
        let again = try client.send("POST", "/score", headers: gzipHeaders, body: batch)
        #expect(again.body == gzipped.body)
        #expect(headerList(again) == headerList(gzipped))
        #expect(try client.post("/score", batch).body == plain.body)
        #expect(client.service.current.resultMemo.count == 2)
    }

    /// A reload installs a new state with an empty memo: an answer of the old settings is
    /// not served (here the new settings gzip the same document for a client that accepts it).
    @Test func aReloadStartsWithAnEmptyMemo() throws {
        let client = try APITestClient()
        let plain = try client.send("POST", "/score", headers: [("Content-Type", "application/json"), ("Accept-Encoding", "gzip")],
                                    body: Self.body)
        #expect(plain.headers["Content-Encoding"] == nil)
        var settings = ServiceSettings()
        settings.gzipMinimumBytes = 64
        let service = client.service
        service.install(try ServiceState(settings: settings, engine: service.engine, version: 2, logSink: nil))
        #expect(service.current.resultMemo.count == 0)
        let gzipped = try client.send("POST", "/score", headers: [("Content-Type", "application/json"), ("Accept-Encoding", "gzip")],
                                      body: Self.body)
        #expect(gzipped.status == 200)
        #expect(gzipped.headers["Content-Encoding"] == "gzip")
        #expect(gzipped.headers["Vary"] == "Accept-Encoding")
        #expect(service.current.resultMemo.count == 1)
    }

    /// Problems, other media types, bodies and answers over their bounds are answered as always
    /// and not kept.
    @Test func onlyPlainSuccessesOfJSONBodiesAreKept() throws {
        let client = try APITestClient()
        let memo = client.service.current.resultMemo
        #expect(try client.post("/score", #"{"adoption":2}"#).status == 422)
        #expect(try client.post("/score", #"{"adoption":"#).status == 400)
        #expect(try client.post("/score", Self.body, contentType: "application/x-www-form-urlencoded").status == 200)
        #expect(try client.post("/score", Self.body, contentType: nil).status == 200)
        let padded = Self.body + String(repeating: " ", count: ResultMemo.maximumBodyBytes)
        #expect(try client.post("/score", padded).status == 200)
        let manyScores = "[" + Array(repeating: #"{"score":0.5}"#, count: 130).joined(separator: ",") + "]"
        #expect(manyScores.utf8.count <= ResultMemo.maximumBodyBytes)
        let large = try client.post("/classify", manyScores)
        #expect(large.status == 200)
        #expect(large.body.count > ResultMemo.maximumAnswerBytes)
        #expect(memo.count == 0)
        #expect(try client.post("/score", "  " + Self.body).status == 200)
        #expect(memo.count == 1)
    }

    @Test func theMemoIsBounded() throws {
        let client = try APITestClient()
        for i in 0..<(ResultMemo.capacity + 10) {
            let body = #"{"adoption":0.5,"standardization":0.5,"controversy":0.5,"label":"item \#(i)"}"#
            #expect(try client.post("/score", body).status == 200)
        }
        // Full at `capacity`: the next new body finds it emptied (and stays).
        #expect(client.service.current.resultMemo.count == 10)
    }
}
