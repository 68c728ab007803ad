/// The bytes a batch of responses is serialised into before one `send`: plain memory owned by
/// its event loop (noncopyable, so two owners can never share it). Appending is a capacity
/// check and a copy, emptying sets the count, and a response head is written in place
/// (`appendWriting`). With `[UInt8]`, the two appends and the emptying per response went
/// through uniqueness checks and `replaceSubrange`, some 300 instructions, and the head was
/// written on the stack first, then copied.
struct OutputBuffer: ~Copyable {
    private var start: UnsafeMutablePointer<UInt8>?
    private(set) var count = 0
    private(set) var capacity = 0

    init() {}

    init(capacity: Int) { reserve(capacity) }

    deinit { start?.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// Makes room for `extra` more bytes: at least double the capacity when it grows.
    mutating func reserve(_ extra: Int) {
        let needed = count + extra
        guard needed > capacity else { return }
        let grownCapacity = max(needed, 2 * capacity, 4096)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: grownCapacity)
        if let start {
            grown.initialize(from: start, count: count)
            start.deallocate()
        }
        start = grown
        capacity = grownCapacity
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        guard let start else { return }
        (start + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Lets `write` fill up to `maximum` bytes after the end; it returns how many it wrote.
    mutating func appendWriting(maximum: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        reserve(maximum)
        guard let start else { return }
        let written = write(UnsafeMutableBufferPointer(start: start + count, count: maximum))
        precondition(written >= 0 && written <= maximum, "wrote past the space it was given")
        count += written
    }

    mutating func removeAll() { count = 0 }

    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        body(UnsafeRawBufferPointer(start: start, count: count))
    }

    /// The bytes from `offset` on, as an array (what the kernel did not take waits in the
    /// connection's queue while this buffer serves other connections).
    func copy(from offset: Int) -> [UInt8] {
        guard let start, offset < count else { return [] }
        return Array(UnsafeBufferPointer(start: start + offset, count: count - offset))
    }
}
