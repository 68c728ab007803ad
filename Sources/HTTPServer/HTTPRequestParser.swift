internal import Glibc

/// The incremental HTTP/1.1 request parser (RFC 9112): the public entry point for the server,
/// the fuzzer and tests.
///
///     var parser = HTTPRequestParser(limits: HTTPParserLimits())
///     parser.feed(bytes)                       // any split, even one byte at a time
///     while let event = parser.next() {
///         switch event {
///         case .request(let request): ...     // complete, body de-chunked; pipelined ones follow
///         case .expectContinue: ...           // send "HTTP/1.1 100 Continue" (body not sent yet)
///         case .error(let error): ...         // answer error.status, then close; parser is dead
///         }
///     }
///
/// `next()` returns nil when it needs more bytes. Limits are checked as bytes arrive, so an
/// oversized line or body is refused before it is buffered; nothing is allocated from a
/// client's Content-Length. Framing is strict: anything ambiguous is a 400 and the end of the
/// connection.
public struct HTTPRequestParser: Sendable {
    public enum Event: Sendable {
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

    /// The parsed head of the request whose body is arriving.
    struct Head: Sendable {
        var method: HTTPMethod = .get
        var target = ""
        var path = ""
        var query: String?
        var version = HTTPVersion.http1_1
        var headers = HTTPHeaders()
        var keepAlive = true
        var body: [UInt8] = []
        var receivedAt: UInt64 = 0
    }

    public let limits: HTTPParserLimits
    /// Copied into every request (the connection sets it once).
    public var remoteAddress: String = ""
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
    var requestLine: RequestLine?

    var state = State.head
    var head = Head()
    var headStarted = false
    var continuePending = false
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
        return HTTPRequest(
            method: head.method, target: head.target, path: head.path, query: head.query,
            version: head.version, headers: head.headers, body: [],
            remoteAddress: remoteAddress, receivedAt: head.receivedAt, keepAlive: false)
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

    /// The next complete request, `.expectContinue`, an error, or nil when more bytes are needed.
    public mutating func next() -> Event? {
        while true {
            switch state {
            case .failed:
                return nil
            case .head:
                switch scanHead() {
                case .needMore: return nil
                case .failure(let error): return fail(error)
                case .complete:
                    switch parseHead() {
                    case .failure(let error): return fail(error)
                    case .success(let event):
                        if let event { return event }
                    }
                }
            case .fixedBody(let remaining):
                let available = buffer.count - readIndex
                if available == 0 { return nil }
                let n = min(available, remaining)
                head.body.append(contentsOf: buffer[readIndex..<(readIndex + n)])
                readIndex += n
                if n == remaining { return finishRequest() }
                state = .fixedBody(remaining: remaining - n)
                return nil
            case .chunkSize:
                switch parseChunkSizeLine() {
                case .failure(let error): return fail(error)
                case .success(let more): if !more { return nil }
                }
            case .chunkData(let remaining):
                let available = buffer.count - readIndex
                if available == 0 { return nil }
                let n = min(available, remaining)
                head.body.append(contentsOf: buffer[readIndex..<(readIndex + n)])
                readIndex += n
                state = n == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - n)
                if n < remaining { return nil }
            case .chunkDataEnd:
                if buffer.count - readIndex < 2 {
                    if buffer.count > readIndex && buffer[readIndex] != 0x0D {
                        return fail(.badRequest("chunk data not followed by CRLF at byte \(offset(readIndex))"))
                    }
                    return nil
                }
                guard buffer[readIndex] == 0x0D, buffer[readIndex + 1] == 0x0A else {
                    return fail(.badRequest("chunk data not followed by CRLF at byte \(offset(readIndex))"))
                }
                readIndex += 2
                state = .chunkSize
            case .trailers(let count, let bytes):
                switch parseTrailerLine(count: count, bytes: bytes) {
                case .failure(let error): return fail(error)
                case .success(.done): return finishRequest()
                case .success(.needMore): return nil
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

    func offset(_ index: Int) -> Int { dropped + index - requestStreamOffset }

    enum ScanResult { case needMore, complete, failure(HTTPParseError) }

    /// Finds the end of the head line by line, enforcing the line, size and count limits as
    /// bytes arrive. Resumes where the previous call stopped.
    mutating func scanHead() -> ScanResult {
        let end = buffer.count
        if !headStarted {
            guard readIndex < end else { return .needMore }
            headStarted = true
            head.receivedAt = clock
            requestStreamOffset = dropped + readIndex
            scanIndex = readIndex
            lineStart = readIndex
        }
        while scanIndex < end {
            let lf: Int? = buffer.withUnsafeBufferPointer { buf in
                guard let base = buf.baseAddress else { return nil }
                guard let hit = memchr(base + scanIndex, 0x0A, end - scanIndex) else { return nil }
                return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            guard let lf else {
                scanIndex = end
                break
            }
            // Size limits first, in the same terms as the partial-line checks below: whether a
            // line over its limit is refused for its size or for its ending must not depend on
            // whether its LF arrived in the same read.
            if requestLineEnd < 0 {
                if lf - lineStart > limits.maxRequestLineLength + 1 {
                    if let error = checkRequestLineStart() { return .failure(error) }
                    return .failure(HTTPParseError(
                        status: .uriTooLong,
                        detail: "request line longer than \(limits.maxRequestLineLength) bytes"))
                }
            } else if lf + 1 - headersStart > limits.maxHeaderBytes {
                return .failure(HTTPParseError(
                    status: .requestHeaderFieldsTooLarge,
                    detail: "header section larger than \(limits.maxHeaderBytes) bytes"))
            }
            guard lf > lineStart, buffer[lf - 1] == 0x0D else {
                return .failure(.badRequest("bare LF without CR at byte \(offset(lf))"))
            }
            let contentEnd = lf - 1
            scanIndex = lf + 1
            if requestLineEnd < 0 {
                if contentEnd == lineStart {
                    // RFC 9112 §2.2: ignore a few empty lines before the request line.
                    blankLines += 1
                    if blankLines > 4 { return .failure(.badRequest("too many empty lines before the request line")) }
                    lineStart = scanIndex
                    requestStreamOffset = dropped + lineStart
                    continue
                }
                // Same order of checks as for a partial line, so the outcome never depends
                // on how the bytes were split.
                if let error = checkRequestLineStart() { return .failure(error) }
                if contentEnd - lineStart > limits.maxRequestLineLength {
                    return .failure(HTTPParseError(
                        status: .uriTooLong,
                        detail: "request line longer than \(limits.maxRequestLineLength) bytes"))
                }
                requestLineStart = lineStart
                requestLineEnd = contentEnd
                headersStart = scanIndex
                let bytes = buffer
                switch bytes.withUnsafeBufferPointer({ parseRequestLine($0) }) {
                case .success(let line): requestLine = line
                case .failure(let error): return .failure(error)
                }
            } else {
                if scanIndex - headersStart > limits.maxHeaderBytes {
                    return .failure(HTTPParseError(
                        status: .requestHeaderFieldsTooLarge,
                        detail: "header section larger than \(limits.maxHeaderBytes) bytes"))
                }
                if contentEnd == lineStart { return .complete }
                if fieldLines.count >= limits.maxHeaderCount {
                    return .failure(HTTPParseError(
                        status: .requestHeaderFieldsTooLarge,
                        detail: "more than \(limits.maxHeaderCount) header fields"))
                }
                fieldLines.append(lineStart..<contentEnd)
            }
            lineStart = scanIndex
        }
        // No complete line yet: refuse junk (say a TLS handshake) at its first byte, and a
        // partial line as soon as it is over its limit.
        if requestLineEnd < 0 {
            if let error = checkRequestLineStart() { return .failure(error) }
            if end - lineStart > limits.maxRequestLineLength + 1 {
                return .failure(HTTPParseError(
                    status: .uriTooLong, detail: "request line longer than \(limits.maxRequestLineLength) bytes"))
            }
        } else if end - headersStart > limits.maxHeaderBytes {
            return .failure(HTTPParseError(
                status: .requestHeaderFieldsTooLarge,
                detail: "header section larger than \(limits.maxHeaderBytes) bytes"))
        }
        return .needMore
    }

    /// A request line must start with a method (or CR of an empty line): junk such as a TLS
    /// handshake is refused at its first byte.
    func checkRequestLineStart() -> HTTPParseError? {
        guard lineStart < buffer.count else { return nil }
        let first = buffer[lineStart]
        if Self.isTokenByte(first) || first == 0x0D { return nil }
        return .badRequest("request does not start with a method (byte \(offset(lineStart)))")
    }

    /// Parses the complete head in `buffer`. On success returns an event to hand out now
    /// (a body-less request, or `.expectContinue`), or nil to keep parsing the body.
    mutating func parseHead() -> Result<Event?, HTTPParseError> {
        let headEnd = scanIndex
        guard let line = requestLine else { return .failure(.badRequest("missing request line")) }
        let bytes = buffer
        var partial: Head?
        let result = bytes.withUnsafeBufferPointer { buf in parseHeadBytes(buf, line, partial: &partial) }
        switch result {
        case .failure(let error):
            if let partial {
                let receivedAt = head.receivedAt
                head = partial
                head.receivedAt = receivedAt
                headParsed = true
            }
            return .failure(error)
        case .success(let (parsed, framing)):
            let receivedAt = head.receivedAt
            head = parsed
            head.receivedAt = receivedAt
            headParsed = true
            self.framing = framing
            return .success(afterHead(headEnd: headEnd))
        }
    }

    /// Framing decisions found while reading the header fields.
    struct Framing {
        var contentLength: Int?
        var chunked = false
        var expectContinue = false
    }

    var framing = Framing()

    /// The parts of a valid request line.
    struct RequestLine: Sendable {
        var method: HTTPMethod
        var target: String
        var path: String
        var query: String?
        var version: HTTPVersion
    }

    /// Parses the request line as soon as it is complete (so junk is refused before any header).
    func parseRequestLine(_ buf: UnsafeBufferPointer<UInt8>) -> Result<RequestLine, HTTPParseError> {
        // Request line: method SP request-target SP HTTP-version
        let lineStart = requestLineStart
        let lineEnd = requestLineEnd
        var sp1 = lineStart
        while sp1 < lineEnd && buf[sp1] != 0x20 { sp1 += 1 }
        guard sp1 < lineEnd, sp1 > lineStart else {
            return .failure(.badRequest("malformed request line: no method at byte \(offset(lineStart))"))
        }
        var sp2 = sp1 + 1
        while sp2 < lineEnd && buf[sp2] != 0x20 { sp2 += 1 }
        guard sp2 < lineEnd, sp2 > sp1 + 1 else {
            return .failure(.badRequest("malformed request line: expected 'METHOD target HTTP/1.1' at byte \(offset(sp1 + 1))"))
        }
        for i in lineStart..<sp1 where !Self.isTokenByte(buf[i]) {
            return .failure(.badRequest("invalid character in method at byte \(offset(i))"))
        }
        // Version: exactly "HTTP/" DIGIT "." DIGIT.
        let v = sp2 + 1
        guard lineEnd - v == 8, buf[v] == 0x48, buf[v + 1] == 0x54, buf[v + 2] == 0x54, buf[v + 3] == 0x50,
              buf[v + 4] == 0x2F, Self.isDigit(buf[v + 5]), buf[v + 6] == 0x2E, Self.isDigit(buf[v + 7])
        else {
            return .failure(.badRequest("malformed HTTP version at byte \(offset(v))"))
        }
        let major = Int(buf[v + 5] - 0x30)
        let minor = Int(buf[v + 7] - 0x30)
        guard major == 1 else {
            return .failure(HTTPParseError(
                status: .httpVersionNotSupported, detail: "HTTP/\(major).\(minor) is not supported; use HTTP/1.1"))
        }
        // RFC 9110 §6.2: a higher 1.x minor is treated as the highest we support.
        let version = minor == 0 ? HTTPVersion.http1_0 : HTTPVersion.http1_1
        guard let method = Self.method(buf, lineStart, sp1) else {
            let name = String(decoding: UnsafeBufferPointer(rebasing: buf[lineStart..<min(sp1, lineStart + 32)]), as: UTF8.self)
            return .failure(HTTPParseError(status: .notImplemented, detail: "method \(name) is not implemented"))
        }
        // Target: visible ASCII only, no fragment.
        let ts = sp1 + 1
        for i in ts..<sp2 {
            let c = buf[i]
            if c <= 0x20 || c >= 0x7F || c == 0x23 {
                return .failure(.badRequest("invalid character in request target at byte \(offset(i))"))
            }
        }
        let target = String(decoding: UnsafeBufferPointer(rebasing: buf[ts..<sp2]), as: UTF8.self)
        var pathStart = ts
        if buf[ts] == 0x2F {
            // origin-form
        } else if buf[ts] == 0x2A && sp2 - ts == 1 {
            guard method == .options else {
                return .failure(.badRequest("'*' target is only valid for OPTIONS"))
            }
        } else if method == .connect {
            // authority-form: no path to route; leave path as the authority.
        } else {
            // absolute-form: scheme "://" authority [path-abempty] ["?" query]
            var i = ts
            while i < sp2 && Self.isSchemeByte(buf[i]) { i += 1 }
            guard i > ts, i + 3 <= sp2, buf[i] == 0x3A, buf[i + 1] == 0x2F, buf[i + 2] == 0x2F else {
                return .failure(.badRequest("request target must start with '/' or be an absolute URI (byte \(offset(ts)))"))
            }
            var j = i + 3
            while j < sp2 && buf[j] != 0x2F && buf[j] != 0x3F { j += 1 }
            guard j > i + 3 else {
                return .failure(.badRequest("absolute request target has an empty authority (byte \(offset(i + 3)))"))
            }
            pathStart = j
        }
        var path: String
        var query: String?
        if method == .connect && buf[ts] != 0x2F {
            path = target
        } else if pathStart == ts {
            var q = ts
            while q < sp2 && buf[q] != 0x3F { q += 1 }
            if q == sp2 {
                path = target
            } else {
                path = String(decoding: UnsafeBufferPointer(rebasing: buf[ts..<q]), as: UTF8.self)
                query = String(decoding: UnsafeBufferPointer(rebasing: buf[(q + 1)..<sp2]), as: UTF8.self)
            }
        } else {
            var q = pathStart
            while q < sp2 && buf[q] != 0x3F { q += 1 }
            path = q == pathStart ? "/" : String(decoding: UnsafeBufferPointer(rebasing: buf[pathStart..<q]), as: UTF8.self)
            if q < sp2 { query = String(decoding: UnsafeBufferPointer(rebasing: buf[(q + 1)..<sp2]), as: UTF8.self) }
        }
        return .success(RequestLine(method: method, target: target, path: path, query: query, version: version))
    }

    /// Parses the header fields. A syntax error in a field fails at once with no head; a
    /// semantic one (Content-Length, Transfer-Encoding, Expect, Host, the body limit) is
    /// reported after every field is read, with the parsed head in `partial`.
    func parseHeadBytes(
        _ buf: UnsafeBufferPointer<UInt8>, _ line: RequestLine, partial: inout Head?
    ) -> Result<(Head, Framing), HTTPParseError> {
        let version = line.version
        // The first semantic error; reported once all fields are read.
        var deferred: HTTPParseError?
        // Header fields.
        var headers = HTTPHeaders()
        headers.fields.reserveCapacity(fieldLines.count)
        var framing = Framing()
        var hostCount = 0
        var transferEncoding = false
        var codings: [String] = []
        var connectionClose = false
        var connectionKeepAlive = false
        for line in fieldLines {
            let s = line.lowerBound
            let e = line.upperBound
            if buf[s] == 0x20 || buf[s] == 0x09 {
                return .failure(.badRequest("obsolete line folding in header section at byte \(offset(s))"))
            }
            var colon = s
            while colon < e && buf[colon] != 0x3A { colon += 1 }
            guard colon < e else {
                return .failure(.badRequest("header line without ':' at byte \(offset(s))"))
            }
            guard colon > s else {
                return .failure(.badRequest("empty header field name at byte \(offset(s))"))
            }
            for i in s..<colon where !Self.isTokenByte(buf[i]) {
                let c = buf[i]
                if c == 0x20 || c == 0x09 {
                    return .failure(.badRequest("whitespace between header field name and ':' at byte \(offset(i))"))
                }
                return .failure(.badRequest("invalid character 0x\(Self.hex(c)) in header field name at byte \(offset(i))"))
            }
            var vs = colon + 1
            var ve = e
            while vs < ve && (buf[vs] == 0x20 || buf[vs] == 0x09) { vs += 1 }
            while ve > vs && (buf[ve - 1] == 0x20 || buf[ve - 1] == 0x09) { ve -= 1 }
            for i in vs..<ve {
                let c = buf[i]
                if (c < 0x20 && c != 0x09) || c == 0x7F {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: buf[s..<colon]), as: UTF8.self)
                    return .failure(.badRequest("invalid character 0x\(Self.hex(c)) in header \(name) at byte \(offset(i))"))
                }
            }
            let nameBytes = UnsafeBufferPointer(rebasing: buf[s..<colon])
            let valueBytes = UnsafeBufferPointer(rebasing: buf[vs..<ve])
            let name = String(decoding: nameBytes, as: UTF8.self)
            let value = String(decoding: valueBytes, as: UTF8.self)
            switch colon - s {
            case 4 where Self.equalsLower(nameBytes, "host"):
                hostCount += 1
            case 6 where Self.equalsLower(nameBytes, "expect"):
                if version == .http1_1 {
                    if Self.equalsLower(valueBytes, "100-continue") {
                        framing.expectContinue = true
                    } else if deferred == nil {
                        deferred = HTTPParseError(status: .expectationFailed, detail: "Expect: only 100-continue is supported")
                    }
                }
            case 10 where Self.equalsLower(nameBytes, "connection"):
                Self.forEachToken(valueBytes) { token in
                    if Self.equalsLower(token, "close") { connectionClose = true }
                    else if Self.equalsLower(token, "keep-alive") { connectionKeepAlive = true }
                }
            case 14 where Self.equalsLower(nameBytes, "content-length"):
                guard !valueBytes.isEmpty, valueBytes.count <= 18, valueBytes.allSatisfy(Self.isDigit) else {
                    if deferred == nil { deferred = .badRequest("malformed Content-Length '\(value)' at byte \(offset(vs))") }
                    break
                }
                var n = 0
                for c in valueBytes { n = n * 10 + Int(c - 0x30) }
                if let previous = framing.contentLength, previous != n, deferred == nil {
                    deferred = .badRequest("conflicting Content-Length values \(previous) and \(n)")
                }
                framing.contentLength = n
            case 17 where Self.equalsLower(nameBytes, "transfer-encoding"):
                transferEncoding = true
                var bad = false
                Self.forEachToken(valueBytes) { token in
                    // Transfer codings may carry parameters (";q=..."); only the name matters.
                    var end = token.count
                    if let semicolon = token.firstIndex(of: 0x3B) { end = semicolon }
                    var name = String(decoding: UnsafeBufferPointer(rebasing: token[0..<end]), as: UTF8.self)
                    while name.last == " " || name.last == "\t" { name.removeLast() }
                    if name.isEmpty { bad = true }
                    codings.append(name.lowercased())
                }
                if bad && deferred == nil { deferred = .badRequest("malformed Transfer-Encoding '\(value)'") }
            default:
                break
            }
            headers.fields.append((name, value))
        }
        // Every field is read: from here on an error still knows the request it refuses.
        var parsed = Head()
        parsed.method = line.method
        parsed.target = line.target
        parsed.path = line.path
        parsed.query = line.query
        parsed.version = version
        parsed.headers = headers
        parsed.keepAlive = version == .http1_1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        // The semantic checks; the head goes to `partial` only when one fails (copying it on
        // every request cost retains and releases for nothing).
        func semanticError() -> HTTPParseError? {
            if let deferred { return deferred }
            if version == .http1_1 && hostCount == 0 {
                return .badRequest("missing Host header (required in HTTP/1.1)")
            }
            if hostCount > 1 {
                return .badRequest("more than one Host header")
            }
            if transferEncoding {
                if framing.contentLength != nil {
                    return .badRequest("both Content-Length and Transfer-Encoding are present")
                }
                if version == .http1_0 {
                    return .badRequest("Transfer-Encoding in an HTTP/1.0 request")
                }
                guard let last = codings.last else {
                    return .badRequest("empty Transfer-Encoding")
                }
                if last != "chunked" {
                    return .badRequest("final transfer coding is '\(last)', not chunked")
                }
                for coding in codings.dropLast() {
                    if coding == "chunked" { return .badRequest("chunked applied more than once") }
                    return HTTPParseError(status: .notImplemented, detail: "transfer coding '\(coding)' is not implemented")
                }
                framing.chunked = true
            }
            if let length = framing.contentLength, length > limits.maxBodySize {
                return HTTPParseError(
                    status: .contentTooLarge,
                    detail: "body of \(length) bytes is over the limit of \(limits.maxBodySize) bytes")
            }
            return nil
        }
        if let error = semanticError() {
            partial = parsed
            return .failure(error)
        }
        return .success((parsed, framing))
    }

    /// Sets up body parsing after a good head; returns the event to hand out now, if any.
    mutating func afterHead(headEnd: Int) -> Event? {
        readIndex = headEnd
        fieldLines.removeAll(keepingCapacity: true)
        requestLineStart = -1
        requestLineEnd = -1
        requestLine = nil
        blankLines = 0
        let wantsBody: Bool
        if framing.chunked {
            state = .chunkSize
            wantsBody = true
        } else if let length = framing.contentLength, length > 0 {
            // Reserve only what has arrived: never allocate from a client's Content-Length.
            head.body.reserveCapacity(min(length, buffer.count - readIndex))
            state = .fixedBody(remaining: length)
            wantsBody = true
        } else {
            return finishRequest()
        }
        if wantsBody && framing.expectContinue && readIndex == buffer.count {
            return .expectContinue
        }
        return nil
    }

    mutating func finishRequest() -> Event {
        let request = HTTPRequest(
            method: head.method, target: head.target, path: head.path, query: head.query,
            version: head.version, headers: head.headers, body: head.body,
            remoteAddress: remoteAddress, receivedAt: head.receivedAt, keepAlive: head.keepAlive)
        head = Head()
        headParsed = false
        framing = Framing()
        state = .head
        headStarted = false
        scanIndex = readIndex
        lineStart = readIndex
        return .request(request)
    }

    /// Parses `chunk-size [ chunk-ext ] CRLF`. Returns true when it advanced the state.
    mutating func parseChunkSizeLine() -> Result<Bool, HTTPParseError> {
        let end = buffer.count
        let found: Int? = buffer.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, readIndex < end,
                  let hit = memchr(base + readIndex, 0x0A, end - readIndex) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        guard let lf = found else {
            if end - readIndex > 4096 { return .failure(.badRequest("chunk size line too long")) }
            return .success(false)
        }
        guard lf > readIndex, buffer[lf - 1] == 0x0D else {
            return .failure(.badRequest("bare LF in chunk size line at byte \(offset(lf))"))
        }
        let lineEnd = lf - 1
        var i = readIndex
        var size = 0
        var digits = 0
        while i < lineEnd, let d = Self.hexValue(buffer[i]) {
            if size != 0 || d != 0 { digits += 1 }
            if digits > 15 { return .failure(.badRequest("chunk size overflows at byte \(offset(i))")) }
            size = size << 4 | d
            i += 1
        }
        guard i > readIndex else {
            return .failure(.badRequest("invalid chunk size at byte \(offset(readIndex))"))
        }
        // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ): accepted and ignored,
        // but it must start with ';' and hold no control characters.
        while i < lineEnd && (buffer[i] == 0x20 || buffer[i] == 0x09) { i += 1 }
        if i < lineEnd {
            guard buffer[i] == 0x3B else {
                return .failure(.badRequest("invalid chunk size at byte \(offset(i))"))
            }
            for j in i..<lineEnd {
                let c = buffer[j]
                if (c < 0x20 && c != 0x09) || c == 0x7F {
                    return .failure(.badRequest("invalid character in chunk extension at byte \(offset(j))"))
                }
            }
        }
        if size > limits.maxBodySize - head.body.count {
            return .failure(HTTPParseError(
                status: .contentTooLarge, detail: "chunked body over the limit of \(limits.maxBodySize) bytes"))
        }
        readIndex = lf + 1
        state = size == 0 ? .trailers(count: 0, bytes: 0) : .chunkData(remaining: size)
        return .success(true)
    }

    enum TrailerStep { case needMore, advanced, done }

    /// Parses one trailer line (validated, then ignored).
    mutating func parseTrailerLine(count: Int, bytes: Int) -> Result<TrailerStep, HTTPParseError> {
        let end = buffer.count
        let found: Int? = buffer.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, readIndex < end,
                  let hit = memchr(base + readIndex, 0x0A, end - readIndex) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        guard let lf = found else {
            if bytes + end - readIndex > limits.maxHeaderBytes {
                return .failure(HTTPParseError(status: .requestHeaderFieldsTooLarge, detail: "trailer section too large"))
            }
            return .success(.needMore)
        }
        let s = readIndex
        let e = lf - 1
        // The size limit before the line ending, as for a partial line (split-independent).
        let newBytes = bytes + lf + 1 - s
        if newBytes > limits.maxHeaderBytes {
            return .failure(HTTPParseError(status: .requestHeaderFieldsTooLarge, detail: "trailer section too large"))
        }
        guard lf > readIndex, buffer[lf - 1] == 0x0D else {
            return .failure(.badRequest("bare LF in trailer section at byte \(offset(lf))"))
        }
        if e == s {
            readIndex = lf + 1
            return .success(.done)
        }
        if count + 1 > limits.maxHeaderCount {
            return .failure(HTTPParseError(status: .requestHeaderFieldsTooLarge, detail: "too many trailer fields"))
        }
        if buffer[s] == 0x20 || buffer[s] == 0x09 {
            return .failure(.badRequest("obsolete line folding in trailer section at byte \(offset(s))"))
        }
        var colon = s
        while colon < e && buffer[colon] != 0x3A {
            guard Self.isTokenByte(buffer[colon]) else {
                return .failure(.badRequest("invalid trailer field name at byte \(offset(colon))"))
            }
            colon += 1
        }
        guard colon < e, colon > s else {
            return .failure(.badRequest("malformed trailer field at byte \(offset(s))"))
        }
        for i in (colon + 1)..<e {
            let c = buffer[i]
            if (c < 0x20 && c != 0x09) || c == 0x7F {
                return .failure(.badRequest("invalid character in trailer field at byte \(offset(i))"))
            }
        }
        readIndex = lf + 1
        state = .trailers(count: count + 1, bytes: newBytes)
        return .success(.advanced)
    }

    // MARK: byte classes

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    @inline(__always)
    static func isSchemeByte(_ c: UInt8) -> Bool {
        (c | 0x20) &- 0x61 < 26 || isDigit(c) || c == 0x2B || c == 0x2D || c == 0x2E
    }

    /// tchar (RFC 9110 §5.6.2).
    @inline(__always)
    static func isTokenByte(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x5E, 0x5F, 0x60, 0x7C, 0x7E: return true
        default: return false
        }
    }

    static func hexValue(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: return Int(c - 0x30)
        case 0x41...0x46: return Int(c - 0x41 + 10)
        case 0x61...0x66: return Int(c - 0x61 + 10)
        default: return nil
        }
    }

    static func hex(_ c: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(c >> 4)], digits[Int(c & 0xF)]], as: UTF8.self)
    }

    /// ASCII case-insensitive comparison of bytes with a lowercase literal.
    @inline(__always)
    static func equalsLower(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: StaticString) -> Bool {
        guard bytes.count == lower.utf8CodeUnitCount else { return false }
        let l = lower.utf8Start
        for i in 0..<bytes.count {
            var c = bytes[i]
            if c &- 0x41 < 26 { c |= 0x20 }
            if c != l[i] { return false }
        }
        return true
    }

    /// Calls `body` with each comma-separated element, trimmed of whitespace, skipping empties.
    static func forEachToken(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var i = 0
        let n = bytes.count
        while i < n {
            var e = i
            while e < n && bytes[e] != 0x2C { e += 1 }
            var s = i
            var t = e
            while s < t && (bytes[s] == 0x20 || bytes[s] == 0x09) { s += 1 }
            while t > s && (bytes[t - 1] == 0x20 || bytes[t - 1] == 0x09) { t -= 1 }
            if t > s { body(UnsafeBufferPointer(rebasing: bytes[s..<t])) }
            i = e + 1
        }
    }

    static func method(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> HTTPMethod? {
        @inline(__always) func eq(_ literal: StaticString) -> Bool {
            guard e - s == literal.utf8CodeUnitCount else { return false }
            let l = literal.utf8Start
            for i in 0..<(e - s) where buf[s + i] != l[i] { return false }
            return true
        }
        switch e - s {
        case 3: return eq("GET") ? .get : eq("PUT") ? .put : nil
        case 4: return eq("HEAD") ? .head : eq("POST") ? .post : nil
        case 5: return eq("PATCH") ? .patch : eq("TRACE") ? .trace : nil
        case 6: return eq("DELETE") ? .delete : nil
        case 7: return eq("OPTIONS") ? .options : eq("CONNECT") ? .connect : nil
        default: return nil
        }
    }
}
