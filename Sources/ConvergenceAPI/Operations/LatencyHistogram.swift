import Prometheus

/// `http_request_duration_seconds` for one route: a Prometheus histogram recorded on every
/// request. swift-prometheus' `Histogram<Duration>` compares the value with every bucket as a
/// 128-bit `Duration` under a lock of its own; this one finds the one bucket among whole
/// nanoseconds and adds 1 there, and makes the counts cumulative only when rendered. It is a
/// value: `ServiceMetrics` records it under the lock it already holds to find the request's
/// series. It renders exactly the lines that histogram would (same `le` and `_sum` spelling,
/// through `Duration`'s own `bucketRepresentation`), so /metrics keeps its bytes.
struct LatencyHistogram: Sendable {
    /// Bucket upper bounds, as given (for their spelling) and in whole nanoseconds (for
    /// comparing: a whole number of nanoseconds is at most the bound iff it is at most the
    /// bound's whole nanoseconds, rounded down).
    private let bounds: [Duration]
    private let boundsNanoseconds: [Int64]
    /// `route="…"`, rendered once.
    private let labels: [UInt8]

    /// Values per bucket (not cumulative); the last entry counts values above every bound.
    private var counts: [Int]
    private var sumNanoseconds: Int64 = 0

    init(labels: [(String, String)], buckets: [Duration]) {
        bounds = buckets
        boundsNanoseconds = buckets.map { bound in
            let (seconds, attoseconds) = bound.components
            return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        }
        self.labels = Self.render(labels: labels)
        counts = Array(repeating: 0, count: buckets.count + 1)
    }

    mutating func recordNanoseconds(_ nanoseconds: Int64) {
        var index = 0
        while index < boundsNanoseconds.count, boundsNanoseconds[index] < nanoseconds { index += 1 }
        counts[index] += 1
        let (sum, overflow) = sumNanoseconds.addingReportingOverflow(nanoseconds)
        sumNanoseconds = overflow ? .max : sum
    }

    /// The series' lines in the text exposition: each bucket, `+Inf`, `_sum`, `_count`.
    func emit(name: String, into buffer: inout [UInt8]) {
        let sum = sumNanoseconds
        var cumulative = 0
        for (bound, count) in zip(bounds, counts) {
            cumulative += count
            bucketLine(name, le: bound.bucketRepresentation, count: cumulative, into: &buffer)
        }
        let total = cumulative + (counts.last ?? 0)
        bucketLine(name, le: "+Inf", count: total, into: &buffer)
        seriesLine(name + "_sum", value: Duration.nanoseconds(sum).bucketRepresentation, into: &buffer)
        seriesLine(name + "_count", value: String(total), into: &buffer)
    }

    private func bucketLine(_ name: String, le: String, count: Int, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: name.utf8)
        buffer.append(contentsOf: "_bucket{".utf8)
        if !labels.isEmpty {
            buffer.append(contentsOf: labels)
            buffer.append(UInt8(ascii: ","))
        }
        buffer.append(contentsOf: "le=\"".utf8)
        buffer.append(contentsOf: le.utf8)
        buffer.append(contentsOf: "\"} ".utf8)
        buffer.append(contentsOf: String(count).utf8)
        buffer.append(UInt8(ascii: "\n"))
    }

    private func seriesLine(_ name: String, value: String, into buffer: inout [UInt8]) {
        buffer.append(contentsOf: name.utf8)
        if labels.isEmpty {
            buffer.append(UInt8(ascii: " "))
        } else {
            buffer.append(UInt8(ascii: "{"))
            buffer.append(contentsOf: labels)
            buffer.append(contentsOf: "} ".utf8)
        }
        buffer.append(contentsOf: value.utf8)
        buffer.append(UInt8(ascii: "\n"))
    }

    /// `name="value",…` with the text format's label escapes (backslash, quote, line feed).
    static func render(labels: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, (name, value)) in labels.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "=\"".utf8)
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        return out
    }
}
