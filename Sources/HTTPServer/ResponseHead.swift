import JSON

/// A response head being written into memory sized for it beforehand (see
/// `ResponseSerializer.serialize`): each piece is one copy, with no capacity check or
/// uniqueness check per piece as appending to an array has. (Appending piece by piece was a
/// sixth of the serialiser's instructions.)
struct ResponseHead {
    private let base: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private(set) var count = 0

    /// Nil for an empty buffer (it has no address; a head is never empty).
    init?(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress else { return nil }
        self.base = base
        capacity = buffer.count
    }

    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        precondition(count + bytes.count <= capacity, "response head larger than its bound")
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func write(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { write($0) } }

    @inline(__always)
    mutating func write(_ byte: UInt8) {
        precondition(count < capacity, "response head larger than its bound")
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func writeCRLF() {
        write(0x0D)
        write(0x0A)
    }

    /// Decimal digits of a non-negative value (a negative one is written as 0).
    mutating func writeDecimal(_ value: Int) {
        let n = UInt64(max(value, 0))
        let digits = DecimalDigits.count(n)
        precondition(count + digits <= capacity, "response head larger than its bound")
        DecimalDigits.store(n, width: digits, endingAt: base + count + digits)
        count += digits
    }

    /// `Name: value\r\n`, unless the field is invalid: a name must be a token and a value must
    /// not hold a control character (a line break would split the response), so such a field
    /// is dropped. Written first and checked where it lies: one pass over each string's bytes.
    mutating func writeField(name: String, value: String) {
        let start = count
        name.withUTF8Bytes { write($0) }
        let nameEnd = count
        write(0x3A)
        write(0x20)
        let valueStart = count
        value.withUTF8Bytes { write($0) }
        var valid = nameEnd > start
        for i in start..<nameEnd where !HTTPRequestParser.isTokenByte(base[i]) { valid = false }
        if HTTPRequestParser.firstControl(in: UnsafeBufferPointer(start: base + valueStart, count: count - valueStart)) != nil {
            valid = false
        }
        if valid {
            writeCRLF()
        } else {
            count = start
        }
    }

    /// The most `writeField` writes for this field.
    static func fieldBound(name: String, value: String) -> Int { name.utf8.count + value.utf8.count + 4 }
}
