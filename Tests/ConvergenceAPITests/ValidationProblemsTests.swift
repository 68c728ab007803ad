@testable import ConvergenceAPI
import ConvergenceAPITesting
import Foundation
import HTTPServer
import Testing

/// Validation problems name every bad field by JSON pointer, `/classify` takes a bare score,
/// and unknown members are listed rather than rejected (in process: the subject is the API).
@Suite struct ValidationProblemsTests {
    func pointers(_ r: APIResponse) throws -> Set<String> {
        let errors = try object(r)["errors"] as? [[String: Any]] ?? []
        return Set(errors.compactMap { $0["pointer"] as? String })
    }

    /// `GET /classify?score=0.68` (openapi/openapi.json); a cache-buster next to it changes nothing (0.68 is L2).
    @Test func classifyIgnoresUnknownParametersNextToScore() throws {
        let h = try APITestClient()
        for r in [try h.get("/classify?score=0.68&_=1764478000"), try h.post("/classify", #"{"score":0.68,"comment":"x"}"#)] {
            #expect(r.status == 200, "\(r.bodyText)")
            let level = try object(r)["level"] as? [String: Any]
            #expect(level?["id"] as? String == "L2")
        }
    }

    /// A score and indicators together are ambiguous: 422 pointing at /score.
    @Test func classifyRejectsScoreWithIndicators() throws {
        let h = try APITestClient()
        let r = try h.post("/classify", #"{"score":0.68,"adoption":0.6}"#)
        #expect(r.status == 422)
        #expect(try pointers(r).contains("/score"))
    }

    /// Context cost takes whole token counts and widths, by query as by body: a fractional width
    /// (what schemathesis once sent: 0.65) is a 422 naming /width, and R = 0 is accepted.
    @Test func contextCostTakesWholeNumbers() throws {
        let h = try APITestClient()
        for r in [try h.get("/calculators/context-cost?contextTokens=8&retrievedTokens=2&width=0.65"),
                  try h.post("/calculators/context-cost", #"{"contextTokens":8,"retrievedTokens":2,"width":0.65}"#)] {
            #expect(r.status == 422, "\(r.bodyText)")
            #expect(try pointers(r) == ["/width"], "\(r.bodyText)")
        }
        let r = try h.get("/calculators/context-cost?contextTokens=8&retrievedTokens=0&width=4")
        #expect(r.status == 200, "\(r.bodyText)")
        #expect(try object(r)["ratio"] as? Double == 8)
    }

    /// `loads` by query is a list of unsigned decimal numbers, as the document's pattern says:
    /// an exponent is one, a sign (even on zero) is refused with the item's pointer.
    @Test func loadsByQueryAreUnsignedNumbers() throws {
        let h = try APITestClient()
        let exponent = try h.get("/calculators/load-imbalance?loads=1e3,.5,2.")
        #expect(exponent.status == 200, "\(exponent.bodyText)")
        #expect(try object(exponent)["imbalance"] as? Double == 999.5)
        let signed = try h.get("/calculators/load-imbalance?loads=1,-0,-2")
        #expect(signed.status == 422, "\(signed.bodyText)")
        #expect(try pointers(signed) == ["/loads/1", "/loads/2"], "\(signed.bodyText)")
    }

    /// Validation errors carry JSON pointers for every bad field.
    @Test func compareNamesEveryBadApproach() throws {
        let h = try APITestClient()
        let r = try h.post("/compare", #"{"approaches":[{"name":"A","share":1.2},{"share":0.1}]}"#)
        #expect(r.status == 422)
        #expect(try pointers(r).isSuperset(of: ["/approaches/0/share", "/approaches/1/name"]), "\(r.bodyText)")
    }

    /// A whole number too large for the calculator gets a range message, not "must be an integer".
    @Test func hugeExpertCountIsOutOfRange() throws {
        let h = try APITestClient()
        let r = try h.post("/calculators/moe-cost", #"{"experts":1e30,"active":1}"#)
        #expect(r.status == 422)
        let detail = try object(r)["detail"] as? String ?? ""
        #expect(detail.contains("at most"), "\(detail)")
        #expect(!detail.contains("integer"), "\(detail)")
    }

    /// The OpenAPI document says `loads` is an array: a lone number in a body is a 422 at /loads
    /// (schemathesis found it accepted).
    @Test func loadsInABodyMustBeAnArray() throws {
        let h = try APITestClient()
        let r = try h.post("/calculators/load-imbalance", #"{"loads":0}"#)
        #expect(r.status == 422)
        #expect(try pointers(r).contains("/loads"))
    }
}
