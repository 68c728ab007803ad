/// Advantages per approach in a comparison table: MoE 5 / Dense 2; long context 3 / RAG 2 /
/// 1 without (`none`).
public struct TableTally: Sendable, Equatable, Hashable {
    public struct Entry: Sendable, Equatable, Hashable {
        public var approach: String
        public var name: String
        public var advantages: Int

        public init(approach: String, name: String, advantages: Int) {
            self.approach = approach
            self.name = name
            self.advantages = advantages
        }
    }

    public var approaches: [Entry]
    /// Rows where no approach has the advantage.
    public var none: Int

    public init(approaches: [Entry], none: Int) {
        self.approaches = approaches
        self.none = none
    }

    /// Advantages of one approach by id (0 when absent).
    public func advantages(of approach: String) -> Int {
        approaches.first { $0.approach == approach }?.advantages ?? 0
    }
}
