import Testing
@testable import ConvergenceEngine

/// A validation error's one-line summary names the field once (docs/model.md#models).
@Suite struct ValidationErrorTests {
    @Test func weightsSumSummaryNamesTheFieldOnce() throws {
        let request = ScoreRequest(indicators: points(0.6, 0.7, 0.3),
                                   model: .weights(["adoption": 0.5, "standardization": 0.3, "controversy": 0.3]))
        do {
            _ = try engine.score(request)
            Issue.record("weights summing to 1.1 must be rejected")
        } catch {
            #expect(error.summary == "weights must sum to 1, got 1.1")
        }
    }

    @Test func summaryRule() {
        // A predicate takes the field as subject.
        #expect(ValidationError(pointer: "/3/adoption", detail: "must be between 0 and 1, got 1.5").summary
            == "adoption must be between 0 and 1, got 1.5")
        #expect(ValidationError(pointer: "/approaches/1/name", detail: "is required").summary == "name is required")
        // A sentence that starts with the field stands alone.
        #expect(ValidationError(pointer: "/weights", detail: "weights must sum to 1, got 1.1").summary
            == "weights must sum to 1, got 1.1")
        // Any other sentence keeps its field, introduced with a colon.
        #expect(ValidationError(pointer: "/weights", detail: "give either model or weights, not both").summary
            == "weights: give either model or weights, not both")
        #expect(ValidationError(pointer: "/adoption", detail: "range bounds must be finite numbers").summary
            == "adoption: range bounds must be finite numbers")
        // No field: the detail alone.
        #expect(ValidationError(pointer: "", detail: "give approaches (shares) or items (to score)").summary
            == "give approaches (shares) or items (to score)")
    }
}
