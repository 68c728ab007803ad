/// A coding key made from any string: for objects whose member names are data (indicator
/// ids), written in a fixed order.
struct NameKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
