internal import Glibc

/// The incremental HTTP/1.1 request parser (RFC 9112): the public entry point for the server,
/// the fuzzer and tests.
///
///     var parser = HTTPRequestParser(limits: HTTPParserLimits())
///     parser.feed(bytes)                       // any split, even one byte at a time
///     reading: while true {
///         switch parser.next() {
///         case .needMore: break reading       // feed it more bytes
///         case .request(let request): ...     // complete, body de-chunked; pipelined ones follow
///         case .expectContinue: ...           // send "HTTP/1.1 100 Continue" (body not sent yet)
///         case .error(let error): ...         // answer error.status, then close; parser is dead
///         }
///     }
///
/// (`.needMore` rather than an optional: an optional event was copied whole, through the
/// runtime, on every request.) Limits are checked as bytes arrive, so an
/// oversized line or body is refused before it is buffered; nothing is allocated from a
/// client's Content-Length. Framing is strict: anything ambiguous is a 400 and the end of the
/// connection. The head is read in HTTPRequestParser+Head.swift, the body in
/// HTTPRequestParser+Body.swift.
public struct HTTPRequestParser: Sendable {
    public enum Event: Sendable {
        /// Nothing complete yet: more bytes are needed (after an error: never anything more).
        case needMore
        case request(HTTPRequest)
        /// The head asked for `Expect: 100-continue` and no body byte has arrived yet.
        case expectContinue
        case error(HTTPParseError)
    }

    public enum Phase: Sendable, Equatable {
        /// Between requests: no byte of the next one buffered.
        case idle
        /// Some of a request head has arrived.
        case head
        /// The head is parsed, the body is arriving.
        case body
        /// An error was returned; nothing more will be parsed.
        case failed
    }

    enum State: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(count: Int, bytes: Int)
        case failed
    }

    public let limits: HTTPParserLimits
    /// Copied into every request (the connection sets it once).
    public var remoteAddress: String = "" {
        didSet { head.remoteAddress = remoteAddress }
    }
    /// The caller's monotonic clock in nanoseconds; copied into `receivedAt` when a request's
    /// first byte is parsed (the parser never reads a clock itself).
    public var clock: UInt64 = 0

    var buffer: [UInt8] = []
    /// Bytes before this index are consumed (in `.head`, it stays at the request's first byte).
    var readIndex = 0
    /// Bytes dropped from the front of `buffer` so far: stream offset of `buffer[0]`.
    var dropped = 0
    /// Stream offset of the current request's first byte (for error details).
    var requestStreamOffset = 0

    // Head scanning (absolute indices into `buffer`).
    var scanIndex = 0
    var lineStart = 0
    var requestLineStart = -1
    var requestLineEnd = -1
    var headersStart = 0
    var blankLines = 0
    var fieldLines: [Range<Int>] = []

    var state = State.head
    /// The request being read: its head's parts as they are parsed, then its body. Handed out
    /// whole when complete (`finishRequest`), so nothing is copied from it.
    var head = HTTPRequest(method: .get, target: "", path: "")
    var framing = Framing()
    var headStarted = false
    /// `head` holds a parsed request head (set from the head's end until its request is handed
    /// out; kept after an error that came once the head was parsed).
    var headParsed = false

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        self.limits = limits
    }

    public var phase: Phase {
        switch state {
        case .head: return headStarted || readIndex < buffer.count ? .head : .idle
        case .failed: return .failed
        default: return .body
        }
    }

    /// The head (method, target, path, headers; empty body) of the request being read, once
    /// its header section has been parsed: while its body arrives, and after an error found
    /// once the head was parsed (413, a framing 400, 417, a bad chunk, a body timeout), so the
    /// error response and the access log can still name the request. nil otherwise.
    /// `keepAlive` is false: a server error always ends the connection.
    public var requestHead: HTTPRequest? {
        guard headParsed else { return nil }
        var request = head
        request.body = []
        request.keepAlive = false
        return request
    }

    /// Bytes buffered and not yet consumed by a returned request.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    // MARK: feeding

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if case .failed = state { return }
        compact(incoming: bytes.count)
        buffer.append(contentsOf: bytes.bindMemory(to: UInt8.self))
    }

    public mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    public mutating func feed(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// Drops consumed bytes so the buffer does not grow across a long keep-alive connection.
    mutating func compact(incoming: Int) {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            // Release a buffer grown by a large body instead of keeping it per idle connection.
            if buffer.capacity > 256 * 1024 { buffer = [] } else { buffer.removeAll(keepingCapacity: true) }
        } else if readIndex >= 16 * 1024 || buffer.capacity - buffer.count < incoming {
            buffer.removeSubrange(0..<readIndex)
        } else {
            return
        }
        let shift = readIndex
        dropped += shift
        readIndex = 0
        scanIndex -= shift
        lineStart -= shift
        if requestLineStart >= 0 { requestLineStart -= shift }
        if requestLineEnd >= 0 { requestLineEnd -= shift }
        headersStart -= shift
        for i in fieldLines.indices {
            fieldLines[i] = (fieldLines[i].lowerBound - shift)..<(fieldLines[i].upperBound - shift)
        }
    }

    // MARK: parsing

    /// The next complete request, `.expectContinue`, an error, or `.needMore`.
    public mutating func next() -> Event {
        while true {
            switch state {
            case .failed:
                return .needMore
            case .head:
                switch scanHead() {
                case .needMore: return .needMore
                case .failure(let error): return fail(error)
                case .complete:
                    let headEnd = scanIndex
                    if let error = parseHead() { return fail(error) }
                    switch afterHead(headEnd: headEnd) {
                    case .complete: return finishRequest()
                    case .expectContinue: return .expectContinue
                    case .body: continue
                    }
                }
            case .fixedBody(let remaining):
                let n = takeBody(upTo: remaining)
                if n == 0 { return .needMore }
                if n == remaining { return finishRequest() }
                state = .fixedBody(remaining: remaining - n)
                return .needMore
            case .chunkSize:
                switch parseChunkSizeLine() {
                case .failure(let error): return fail(error)
                case .success(let more): if !more { return .needMore }
                }
            case .chunkData(let remaining):
                let n = takeBody(upTo: remaining)
                if n == 0 { return .needMore }
                state = n == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - n)
                if n < remaining { return .needMore }
            case .chunkDataEnd:
                switch parseChunkDataEnd() {
                case .failure(let error): return fail(error)
                case .success(let more): if !more { return .needMore }
                }
            case .trailers(let count, let bytes):
                switch parseTrailerLine(count: count, bytes: bytes) {
                case .failure(let error): return fail(error)
                case .success(.done): return finishRequest()
                case .success(.needMore): return .needMore
                case .success(.advanced): continue
                }
            }
        }
    }

    mutating func fail(_ error: HTTPParseError) -> Event {
        state = .failed
        buffer = []
        readIndex = 0
        fieldLines = []
        return .error(error)
    }

    /// The offset of `index` in the current request (for error details).
    @inline(__always)
    func offset(_ index: Int) -> Int { dropped + index - requestStreamOffset }

    /// The index of the first LF at or after `start` in `buffer`, or nil.
    @inline(__always)
    func indexOfLF(from start: Int) -> Int? {
        let end = buffer.count
        guard start < end else { return nil }
        return buffer.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, let hit = memchr(base + start, 0x0A, end - start) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// What follows a good head.
    enum AfterHead {
        /// The request has no body: it is complete.
        case complete
        /// The client waits for `100 Continue` before sending the body.
        case expectContinue
        /// The body is read next.
        case body
    }

    /// Sets up body parsing after a good head. (Not an `Event?`: a request passed out through
    /// an optional binding was copied once more, a retain and a release per field.)
    mutating func afterHead(headEnd: Int) -> AfterHead {
        readIndex = headEnd
        fieldLines.empty()
        requestLineStart = -1
        requestLineEnd = -1
        blankLines = 0
        if framing.chunked {
            state = .chunkSize
        } else if let length = framing.contentLength, length > 0 {
            // Reserve only what has arrived: never allocate from a client's Content-Length.
            head.body.reserveCapacity(min(length, buffer.count - readIndex))
            state = .fixedBody(remaining: length)
        } else {
            return .complete
        }
        if framing.expectContinue && readIndex == buffer.count {
            return .expectContinue
        }
        return .body
    }

    /// Keeps the field list of a request that has been answered for the next request's fields
    /// (its strings are released, its buffer kept): an allocation and a free less per request.
    /// Only a small list, and only between requests, when the head being read has none yet.
    public mutating func reuseStorage(of request: inout HTTPRequest) {
        guard head.headers.fields.capacity == 0, request.headers.fields.capacity <= 16 else { return }
        swap(&head.headers.fields, &request.headers.fields)
        head.headers.fields.empty()
    }

    mutating func finishRequest() -> Event {
        // The head's parts move out into the request (no retain, no release), leaving it blank
        // for the next one: its method, version, clock and keep-alive are set afresh by every
        // request.
        headParsed = false
        framing = Framing()
        state = .head
        headStarted = false
        scanIndex = readIndex
        lineStart = readIndex
        return .request(HTTPRequest(
            method: head.method, target: Self.take(&head.target), path: Self.take(&head.path),
            query: head.takeQuery(), version: head.version, headers: Self.take(&head.headers),
            body: Self.take(&head.body), remoteAddress: remoteAddress, receivedAt: head.receivedAt,
            keepAlive: head.keepAlive))
    }

    /// Moves `value` out, leaving an empty one: no retain, no release.
    @inline(__always)
    static func take<Value: RangeReplaceableCollection>(_ value: inout Value) -> Value {
        var out = Value()
        swap(&out, &value)
        return out
    }

    @inline(__always)
    static func take(_ headers: inout HTTPHeaders) -> HTTPHeaders {
        var out = HTTPHeaders()
        swap(&out, &headers)
        return out
    }
}

extension Array {
    /// Removes every element, keeping the storage. A few elements are popped one by one:
    /// `removeAll(keepingCapacity:)` goes through `replaceSubrange`, several times the cost
    /// for the handful of fields or lines a request has.
    @inline(__always)
    mutating func empty() {
        guard count > 8 else {
            while popLast() != nil {}
            return
        }
        removeAll(keepingCapacity: true)
    }
}
