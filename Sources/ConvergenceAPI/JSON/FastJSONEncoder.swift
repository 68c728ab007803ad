#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A streaming JSON encoder for responses: members in the order `encode(to:)` writes them
/// (declaration order for synthesized conformances, hence the same bytes on every replica),
/// compact, `/` unescaped. Foundation's `JSONEncoder` builds a tree and spends ~17 µs on a
/// `/score` result here; writing straight into one buffer spends a fraction of that, which is
/// most of POST /score's cost.
///
/// Encodable implementations write sequentially in practice; one that goes back to a container
/// it already left is detected, and the value is then encoded by Foundation's `JSONEncoder`
/// (sorted keys) instead, so the output is always valid JSON.
/// Numbers follow `JSONEncoder`: integral values print as integers, others in Swift's shortest
/// round-tripping form; non-finite numbers throw.
public struct FastJSONEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let writer = JSONStreamWriter()
        do {
            try writer.encodeValue(value)
            try writer.finish()
            return writer.out
        } catch is JSONStreamWriter.OutOfOrder {
            let fallback = JSONEncoder()
            fallback.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
            return Array(try fallback.encode(value))
        }
    }
}

final class JSONStreamWriter {
    struct OutOfOrder: Error {}

    var out: [UInt8] = []
    /// Open containers, innermost last: (id, is object, has members).
    private var stack: [(id: Int, object: Bool, hasMembers: Bool)] = []
    private var nextID = 0
    /// Bytes written when the current value slot was opened (to see whether a value came).
    init() { out.reserveCapacity(1024) }

    func encodeValue<T: Encodable>(_ value: T) throws {
        // Metatype comparisons, not `as?` casts: generic code here is unspecialized, and a
        // runtime cast per value cost more than all the writing.
        if T.self == String.self {
            writeString(unsafeBitCast(value, to: String.self))
        } else if T.self == Double.self {
            try writeDouble(unsafeBitCast(value, to: Double.self))
        } else if T.self == Int.self {
            writeInt(Int64(unsafeBitCast(value, to: Int.self)))
        } else if T.self == Bool.self {
            out += (unsafeBitCast(value, to: Bool.self) ? "true" : "false").utf8
        } else {
            let depth = stack.count
            let before = out.count
            try value.encode(to: StreamEncoder(writer: self))
            try closeDeeper(than: depth)
            // An encode(to:) that wrote nothing still needs a value here.
            if out.count == before { out += "{}".utf8 }
        }
    }

    func finish() throws { try closeDeeper(than: 0) }

    /// Closes every container opened below `depth` (they are finished once a shallower one writes).
    private func closeDeeper(than depth: Int) throws {
        while stack.count > depth {
            let top = stack.removeLast()
            out.append(top.object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    func open(object: Bool) -> Int {
        nextID += 1
        stack.append((nextID, object, false))
        out.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        return nextID
    }

    /// Makes container `id` the innermost open one (closing finished children) and writes the
    /// separator before its next member or element.
    func begin(_ id: Int, key: String?) throws {
        guard let index = stack.lastIndex(where: { $0.id == id }) else { throw OutOfOrder() }
        try closeDeeper(than: index + 1)
        if stack[index].hasMembers { out.append(UInt8(ascii: ",")) }
        stack[index].hasMembers = true
        if let key {
            writeString(key)
            out.append(UInt8(ascii: ":"))
        }
    }

    func writeString(_ text: String) {
        out.append(UInt8(ascii: "\""))
        for b in text.utf8 where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
            out += JSONText.quoted(text).utf8.dropFirst().dropLast()
            out.append(UInt8(ascii: "\""))
            return
        }
        out += text.utf8
        out.append(UInt8(ascii: "\""))
    }

    func writeDouble(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "non-finite number"))
        }
        if value == value.rounded(), abs(value) < 9.0e15 {
            writeInt(Int64(value))
        } else {
            out += value.description.utf8
        }
    }

    func writeInt(_ value: Int64) {
        if value >= 0 && value < 10 {
            out.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            out += String(value).utf8
        }
    }

    func writeUInt(_ value: UInt64) { out += String(value).utf8 }
}

struct StreamEncoder: Encoder {
    let writer: JSONStreamWriter
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(StreamKeyedContainer<Key>(writer: writer, id: writer.open(object: true)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        StreamUnkeyedContainer(writer: writer, id: writer.open(object: false))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { StreamSingleValueContainer(writer: writer) }
}

struct StreamKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONStreamWriter
    let id: Int
    var codingPath: [any CodingKey] { [] }

    private func key(_ key: Key) throws { try writer.begin(id, key: key.stringValue) }

    mutating func encodeNil(forKey k: Key) throws { try key(k); writer.out += "null".utf8 }
    mutating func encode(_ value: Bool, forKey k: Key) throws { try key(k); writer.out += (value ? "true" : "false").utf8 }
    mutating func encode(_ value: String, forKey k: Key) throws { try key(k); writer.writeString(value) }
    mutating func encode(_ value: Double, forKey k: Key) throws { try key(k); try writer.writeDouble(value) }
    mutating func encode(_ value: Float, forKey k: Key) throws { try key(k); try writer.writeDouble(Double(value)) }
    mutating func encode(_ value: Int, forKey k: Key) throws { try key(k); writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int8, forKey k: Key) throws { try key(k); writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int16, forKey k: Key) throws { try key(k); writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int32, forKey k: Key) throws { try key(k); writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int64, forKey k: Key) throws { try key(k); writer.writeInt(value) }
    mutating func encode(_ value: UInt, forKey k: Key) throws { try key(k); writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt8, forKey k: Key) throws { try key(k); writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt16, forKey k: Key) throws { try key(k); writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt32, forKey k: Key) throws { try key(k); writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt64, forKey k: Key) throws { try key(k); writer.writeUInt(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey k: Key) throws { try key(k); try writer.encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey k: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        // The protocol gives no way to throw here: an out-of-order write surfaces at the next write.
        let ordered = (try? key(k)) != nil
        let child = ordered ? writer.open(object: true) : -1
        return KeyedEncodingContainer(StreamKeyedContainer<NestedKey>(writer: writer, id: child))
    }

    mutating func nestedUnkeyedContainer(forKey k: Key) -> any UnkeyedEncodingContainer {
        let ordered = (try? key(k)) != nil
        return StreamUnkeyedContainer(writer: writer, id: ordered ? writer.open(object: false) : -1)
    }

    mutating func superEncoder() -> any Encoder {
        _ = try? writer.begin(id, key: "super")
        return StreamEncoder(writer: writer)
    }

    mutating func superEncoder(forKey k: Key) -> any Encoder {
        _ = try? key(k)
        return StreamEncoder(writer: writer)
    }
}

struct StreamUnkeyedContainer: UnkeyedEncodingContainer {
    let writer: JSONStreamWriter
    let id: Int
    var count = 0
    var codingPath: [any CodingKey] { [] }

    private mutating func next() throws {
        try writer.begin(id, key: nil)
        count += 1
    }

    mutating func encodeNil() throws { try next(); writer.out += "null".utf8 }
    mutating func encode(_ value: Bool) throws { try next(); writer.out += (value ? "true" : "false").utf8 }
    mutating func encode(_ value: String) throws { try next(); writer.writeString(value) }
    mutating func encode(_ value: Double) throws { try next(); try writer.writeDouble(value) }
    mutating func encode(_ value: Float) throws { try next(); try writer.writeDouble(Double(value)) }
    mutating func encode(_ value: Int) throws { try next(); writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int8) throws { try next(); writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int16) throws { try next(); writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int32) throws { try next(); writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int64) throws { try next(); writer.writeInt(value) }
    mutating func encode(_ value: UInt) throws { try next(); writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { try next(); writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { try next(); writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { try next(); writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { try next(); writer.writeUInt(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try next(); try writer.encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let ordered = (try? next()) != nil
        return KeyedEncodingContainer(StreamKeyedContainer<NestedKey>(writer: writer, id: ordered ? writer.open(object: true) : -1))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let ordered = (try? next()) != nil
        return StreamUnkeyedContainer(writer: writer, id: ordered ? writer.open(object: false) : -1)
    }

    mutating func superEncoder() -> any Encoder {
        _ = try? next()
        return StreamEncoder(writer: writer)
    }
}

struct StreamSingleValueContainer: SingleValueEncodingContainer {
    let writer: JSONStreamWriter
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writer.out += "null".utf8 }
    mutating func encode(_ value: Bool) throws { writer.out += (value ? "true" : "false").utf8 }
    mutating func encode(_ value: String) throws { writer.writeString(value) }
    mutating func encode(_ value: Double) throws { try writer.writeDouble(value) }
    mutating func encode(_ value: Float) throws { try writer.writeDouble(Double(value)) }
    mutating func encode(_ value: Int) throws { writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int8) throws { writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int16) throws { writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int32) throws { writer.writeInt(Int64(value)) }
    mutating func encode(_ value: Int64) throws { writer.writeInt(value) }
    mutating func encode(_ value: UInt) throws { writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { writer.writeUInt(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { writer.writeUInt(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try writer.encodeValue(value) }
}
