/// Frozen fields and their serialised lines (`Name: value\r\n` each), rendered under the same
/// rules as any response field: server-owned names and invalid fields are left out.
@usableFromInline
final class FrozenFields: Sendable {
    let fields: [HTTPHeaders.Element]
    let wire: [UInt8]
    /// Where each field's line ends in `wire` (a field left out ends where the one before it did).
    let lineEnds: [Int]
    /// Whether one of them is `Connection: close` (checked once, not per response).
    let asksToClose: Bool
    /// The same per field, for the first 64 (bit i: `fields[i]`), for copies that hide some.
    let closing: UInt64

    init(_ fields: [HTTPHeaders.Element]) {
        self.fields = fields
        var wire: [UInt8] = []
        var lineEnds: [Int] = []
        var closing: UInt64 = 0
        for (i, field) in fields.enumerated() {
            ResponseSerializer.appendField(field, to: &wire)
            lineEnds.append(wire.count)
            if i < 64 && ResponseSerializer.asksToClose([field]) { closing |= 1 << UInt64(i) }
        }
        self.wire = wire
        self.lineEnds = lineEnds
        asksToClose = ResponseSerializer.asksToClose(fields)
        self.closing = closing
    }

    @inline(__always)
    static func isHidden(_ index: Int, in hidden: UInt64) -> Bool {
        index < 64 && hidden & (1 << UInt64(index)) != 0
    }

    /// Writes the lines of the fields not `hidden`.
    @inline(__always)
    func writeWire(hiding hidden: UInt64, to head: inout ResponseHead) {
        wire.withUnsafeBufferPointer { wire in
            guard hidden != 0 else {
                head.write(wire)
                return
            }
            var start = 0
            for (i, end) in lineEnds.enumerated() {
                if !Self.isHidden(i, in: hidden) && end > start { head.write(UnsafeBufferPointer(rebasing: wire[start..<end])) }
                start = end
            }
        }
    }

    /// Whether the fields not `hidden` ask to close the connection.
    @inline(__always)
    func asksToClose(hiding hidden: UInt64) -> Bool {
        hidden == 0 ? asksToClose : closing & ~hidden != 0
    }
}

/// The frozen part as the serialiser reads it, in place (see `ResponseSerializer.serialize`).
extension HTTPHeaders {
    /// Bytes of the frozen part's lines (0 without one).
    var frozenWireCount: Int { frozenPart?.wire.count ?? 0 }

    /// Writes the frozen part's lines that this copy does not hide.
    func writeFrozenWire(to head: inout ResponseHead) {
        frozenPart?.writeWire(hiding: hiddenFrozen, to: &head)
    }

    /// Whether a visible frozen field is `Connection: close`.
    var frozenAsksToClose: Bool { frozenPart?.asksToClose(hiding: hiddenFrozen) ?? false }
}
