@testable import HTTPServer
import Testing

/// The loop's send buffer: bytes kept in order across growth, heads written in place, the
/// unsent tail copied out, emptied without losing its room.
@Suite struct OutputBufferTests {
    @Test func keepsBytesInOrderAcrossGrowth() {
        var buffer = OutputBuffer()
        let startsEmpty = buffer.isEmpty && buffer.capacity == 0
        #expect(startsEmpty)
        var expected: [UInt8] = []
        for round in 0..<300 {
            let piece = (0..<(round % 97)).map { UInt8(truncatingIfNeeded: $0 &+ round) }
            buffer.append(piece)
            expected += piece
        }
        let (count, grownCapacity) = (buffer.count, buffer.capacity)
        #expect(count == expected.count)
        #expect(grownCapacity >= expected.count)
        #expect(buffer.withBytes { Array($0) } == expected)
        #expect(buffer.copy(from: 0) == expected)
        #expect(buffer.copy(from: 1000) == Array(expected[1000...]))
        #expect(buffer.copy(from: expected.count).isEmpty)
        let capacity = buffer.capacity
        buffer.removeAll()
        let emptiedKeepingRoom = buffer.isEmpty && buffer.capacity == capacity
        #expect(emptiedKeepingRoom)
        buffer.append([])
        let stillEmpty = buffer.isEmpty
        #expect(stillEmpty)
    }

    @Test func writesInPlaceUpToWhatItWasGiven() {
        var buffer = OutputBuffer(capacity: 8)
        buffer.append(Array("ab".utf8))
        buffer.appendWriting(maximum: 10_000) { space in
            #expect(space.count == 10_000)
            for (i, byte) in "cde".utf8.enumerated() { space[i] = byte }
            return 3
        }
        buffer.appendWriting(maximum: 4) { _ in 0 }
        #expect(buffer.withBytes { Array($0) } == Array("abcde".utf8))
    }
}
