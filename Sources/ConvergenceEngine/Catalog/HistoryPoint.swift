/// A dated degree of a technology: observed, or a forecast of the series.
public struct HistoryPoint: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, Equatable, Hashable {
        case observed, forecast
    }

    /// `2025`, `2025-Q3`, `2025-09` or `2025-09-30`.
    public var date: String
    public var degree: Double
    public var kind: Kind
    public var note: String?

    public init(date: String, degree: Double, kind: Kind, note: String?) {
        self.date = date
        self.degree = degree
        self.kind = kind
        self.note = note
    }

    /// The date as a fractional year (start of the period), nil when unparseable.
    public var year: Double? { Self.fractionalYear(date) }

    static func fractionalYear(_ text: String) -> Double? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, first.count == 4, let year = Int(first) else { return nil }
        switch parts.count {
        case 1:
            return Double(year)
        case 2:
            let p = parts[1]
            if p.count == 2, p.hasPrefix("Q"), let q = Int(p.dropFirst()), (1...4).contains(q) {
                return Double(year) + Double(q - 1) / 4
            }
            if p.count == 2, let m = Int(p), (1...12).contains(m) { return Double(year) + Double(m - 1) / 12 }
            return nil
        case 3:
            guard parts[1].count == 2, parts[2].count == 2, let m = Int(parts[1]), let d = Int(parts[2]),
                  (1...12).contains(m), (1...31).contains(d) else { return nil }
            return Double(year) + (Double(m - 1) + Double(d - 1) / 31) / 12
        default:
            return nil
        }
    }
}
