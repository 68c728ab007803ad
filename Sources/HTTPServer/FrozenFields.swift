/// Frozen fields and their serialised lines (`Name: value\r\n` each), rendered under the same
/// rules as any response field: server-owned names and invalid fields are left out.
@usableFromInline
final class FrozenFields: Sendable {
    let fields: [HTTPHeaders.Element]
    let wire: [UInt8]
    /// Whether one of them is `Connection: close` (checked once, not per response).
    let asksToClose: Bool

    init(_ fields: [HTTPHeaders.Element]) {
        self.fields = fields
        asksToClose = ResponseSerializer.asksToClose(fields)
        var wire: [UInt8] = []
        for field in fields { ResponseSerializer.appendField(field, to: &wire) }
        self.wire = wire
    }
}
