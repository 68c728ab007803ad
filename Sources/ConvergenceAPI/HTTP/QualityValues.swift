import HTTPServer

/// The members of an `Accept`-style field (RFC 9110 §12.4.2): `type;q=0.5, other`. The one
/// parser of weights, for `Accept` (CSV or JSON) and `Accept-Encoding` (gzip).
enum QualityValues {
    /// Calls `body` with each member's lowercased name and its weight (1 when no valid `q`),
    /// in order, until it returns false.
    static func forEach(_ field: String, _ body: (_ name: String, _ q: Double) -> Bool) {
        for item in field.split(separator: ",") {
            let parts = item.split(separator: ";")
            guard let name = parts.first?.trimmingSpaces.lowercased() else { continue }
            var q = 1.0
            for parameter in parts.dropFirst() {
                let kv = parameter.trimmingSpaces.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].lowercased() == "q", let value = Double(kv[1].trimmingSpaces) { q = value }
            }
            if !body(name, q) { return }
        }
    }
}
