/// Whether the competition is decided (docs/model.md#verdict): decided once an approach holds ≥ 0.70.
public enum Verdict: String, Sendable, Equatable, Hashable, CaseIterable {
    case undecided
    case decided
}
