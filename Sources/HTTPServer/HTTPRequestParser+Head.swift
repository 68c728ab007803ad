internal import Glibc

/// Reading a request head: finding its lines under the size limits as bytes arrive, then the
/// request line and the header fields (RFC 9112 §2-§5).
extension HTTPRequestParser {
    enum ScanResult { case needMore, complete, failure(HTTPParseError) }

    /// Finds the end of the head line by line, enforcing the line, size and count limits as
    /// bytes arrive. Resumes where the previous call stopped.
    mutating func scanHead() -> ScanResult {
        let end = buffer.count
        if !headStarted {
            guard readIndex < end else { return .needMore }
            beginHead()
        }
        while scanIndex < end {
            guard let lf = indexOfLF(from: scanIndex) else {
                scanIndex = end
                break
            }
            // Size limits first, in the same terms as for a partial line: whether a line over
            // its limit is refused for its size or for its ending must not depend on whether
            // its LF arrived in the same read.
            let sizeError = requestLineEnd < 0 ? requestLineSizeError(before: lf) : headerSizeError(before: lf + 1)
            if let sizeError { return .failure(sizeError) }
            guard lf > lineStart, buffer[lf - 1] == 0x0D else {
                return .failure(.badRequest("bare LF without CR at byte \(offset(lf))"))
            }
            scanIndex = lf + 1
            do throws(HTTPParseError) {
                let complete = try requestLineEnd < 0 ? takeRequestLine(endingAt: lf - 1) : takeFieldLine(endingAt: lf - 1)
                if complete { return .complete }
            } catch {
                return .failure(error)
            }
            lineStart = scanIndex
        }
        // No complete line yet: refuse junk (say a TLS handshake) at its first byte, and a
        // partial line as soon as it is over its limit.
        let error = requestLineEnd < 0 ? checkRequestLineStart() ?? requestLineSizeError(before: end)
                                       : headerSizeError(before: end)
        if let error { return .failure(error) }
        return .needMore
    }

    /// The first byte of a request has arrived.
    mutating func beginHead() {
        headStarted = true
        head.receivedAt = clock
        requestStreamOffset = dropped + readIndex
        scanIndex = readIndex
        lineStart = readIndex
    }

    // The checks below run on every line: inlined, as a call to a method of the parser from
    // its mutating code copied the whole parser (300-odd bytes) first. Their errors are built
    // out of line.

    /// 414 when the request line has more than `maxRequestLineBytes` bytes before `end` besides
    /// its CR (the limit leaves out the CRLF); junk at its start is refused first.
    @inline(__always)
    func requestLineSizeError(before end: Int) -> HTTPParseError? {
        guard end - lineStart > limits.maxRequestLineBytes + 1 else { return nil }
        return checkRequestLineStart() ?? Self.requestLineTooLong(limits)
    }

    /// 431 when the header section has more than `maxHeaderBytes` bytes before `end`.
    @inline(__always)
    func headerSizeError(before end: Int) -> HTTPParseError? {
        guard end - headersStart > limits.maxHeaderBytes else { return nil }
        return Self.headerSectionTooLarge(limits)
    }

    /// A request line must start with a method (or CR of an empty line): junk such as a TLS
    /// handshake is refused at its first byte.
    @inline(__always)
    func checkRequestLineStart() -> HTTPParseError? {
        guard lineStart < buffer.count else { return nil }
        let first = buffer[lineStart]
        if Self.isTokenByte(first) || first == 0x0D { return nil }
        return Self.notAMethod(at: offset(lineStart))
    }

    static func requestLineTooLong(_ limits: HTTPParserLimits) -> HTTPParseError {
        HTTPParseError(status: .uriTooLong, detail: "request line longer than \(limits.maxRequestLineBytes) bytes")
    }

    static func headerSectionTooLarge(_ limits: HTTPParserLimits) -> HTTPParseError {
        HTTPParseError(status: .requestHeaderFieldsTooLarge, detail: "header section larger than \(limits.maxHeaderBytes) bytes")
    }

    static func notAMethod(at offset: Int) -> HTTPParseError {
        .badRequest("request does not start with a method (byte \(offset))")
    }

    /// A complete line (within its size limit) before the request line: a few empty ones are
    /// skipped; the request line is parsed at once, so junk is refused before any header.
    /// Returns whether the head is complete (never, here).
    mutating func takeRequestLine(endingAt contentEnd: Int) throws(HTTPParseError) -> Bool {
        if contentEnd == lineStart {
            // RFC 9112 §2.2: ignore a few empty lines before the request line.
            blankLines += 1
            if blankLines > 4 { throw HTTPParseError.badRequest("too many empty lines before the request line") }
            requestStreamOffset = dropped + scanIndex
            return false
        }
        // Same check as for a partial line, so the outcome never depends on how the bytes
        // were split.
        if let error = checkRequestLineStart() { throw error }
        requestLineStart = lineStart
        requestLineEnd = contentEnd
        headersStart = scanIndex
        let bytes = buffer
        try bytes.withUnsafeBufferPointer { buf throws(HTTPParseError) in try parseRequestLine(buf) }
        return false
    }

    /// A complete line (within the section's size limit) after the request line: the empty
    /// one ends the head (true); a field line is kept, to be parsed with the others.
    mutating func takeFieldLine(endingAt contentEnd: Int) throws(HTTPParseError) -> Bool {
        if contentEnd == lineStart { return true }
        if fieldLines.count >= limits.maxHeaderCount {
            throw HTTPParseError(
                status: .requestHeaderFieldsTooLarge, detail: "more than \(limits.maxHeaderCount) header fields")
        }
        fieldLines.append(lineStart..<contentEnd)
        return false
    }

    /// Reads the header fields of the complete head in `buffer` into `head` (which has the
    /// request line's parts already) and `framing`.
    mutating func parseHead() -> HTTPParseError? {
        var headers = HTTPHeaders()
        // The list kept from an answered request, if any (`reuseStorage(of:)`).
        swap(&headers.fields, &head.headers.fields)
        var facts = FieldFacts(version: head.version)
        let bytes = buffer
        let lines = fieldLines
        let base = offset(0)
        let unreadable = bytes.withUnsafeBufferPointer { buf in
            Self.readFields(buf, lines: lines, base: base, into: &headers, facts: &facts)
        }
        if let unreadable { return unreadable }
        // Every field is read: from here on an error still knows the request it refuses.
        head.headers = headers
        head.keepAlive = facts.keepAlive
        headParsed = true
        if let error = facts.semanticError(maxBodySize: limits.maxBodySize) { return error }
        framing = facts.framing
        return nil
    }

    /// Parses the request line (`method SP request-target SP HTTP-version`) as soon as it is
    /// complete, straight into `head` (parts passed back in a value were copied and destroyed
    /// once more per request).
    mutating func parseRequestLine(_ buf: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        let lineStart = requestLineStart
        let lineEnd = requestLineEnd
        var sp1 = lineStart
        while sp1 < lineEnd && buf[sp1] != 0x20 { sp1 += 1 }
        guard sp1 < lineEnd, sp1 > lineStart else {
            throw .badRequest("malformed request line: no method at byte \(offset(lineStart))")
        }
        var sp2 = sp1 + 1
        while sp2 < lineEnd && buf[sp2] != 0x20 { sp2 += 1 }
        guard sp2 < lineEnd, sp2 > sp1 + 1 else {
            throw .badRequest("malformed request line: expected 'METHOD target HTTP/1.1' at byte \(offset(sp1 + 1))")
        }
        for i in lineStart..<sp1 where !Self.isTokenByte(buf[i]) {
            throw .badRequest("invalid character in method at byte \(offset(i))")
        }
        // Version: exactly "HTTP/" DIGIT "." DIGIT.
        let v = sp2 + 1
        guard lineEnd - v == 8, buf[v] == 0x48, buf[v + 1] == 0x54, buf[v + 2] == 0x54, buf[v + 3] == 0x50,
              buf[v + 4] == 0x2F, Self.isDigit(buf[v + 5]), buf[v + 6] == 0x2E, Self.isDigit(buf[v + 7])
        else {
            throw .badRequest("malformed HTTP version at byte \(offset(v))")
        }
        let major = Int(buf[v + 5] - 0x30)
        let minor = Int(buf[v + 7] - 0x30)
        guard major == 1 else {
            throw HTTPParseError(status: .httpVersionNotSupported, detail: "HTTP/\(major).\(minor) is not supported; use HTTP/1.1")
        }
        guard let method = Self.method(buf, lineStart, sp1) else {
            let name = String(decoding: UnsafeBufferPointer(rebasing: buf[lineStart..<min(sp1, lineStart + 32)]), as: UTF8.self)
            throw HTTPParseError(status: .notImplemented, detail: "method \(name) is not implemented")
        }
        try parseTarget(buf, (sp1 + 1)..<sp2, method)
        head.method = method
        // RFC 9110 §6.2: a higher 1.x minor is treated as the highest we support.
        head.version = minor == 0 ? .http1_0 : .http1_1
    }

    /// Splits a request target into path and query: origin-form, `*` (OPTIONS only),
    /// authority-form (CONNECT: the path is the authority) or absolute-form (reduced to its
    /// path). Visible ASCII only, no fragment.
    mutating func parseTarget(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ method: HTTPMethod) throws(HTTPParseError) {
        let ts = range.lowerBound
        let te = range.upperBound
        for i in ts..<te {
            let c = buf[i]
            if c <= 0x20 || c >= 0x7F || c == 0x23 {
                throw HTTPParseError.badRequest("invalid character in request target at byte \(offset(i))")
            }
        }
        let target = Self.string(UnsafeBufferPointer(rebasing: buf[ts..<te]))
        var pathStart = ts
        if buf[ts] == 0x2F {
            // origin-form
        } else if buf[ts] == 0x2A && te - ts == 1 {
            guard method == .options else {
                throw HTTPParseError.badRequest("'*' target is only valid for OPTIONS")
            }
        } else if method == .connect {
            // authority-form: no path to route; the path is the authority.
            head.target = target
            head.path = target
            return
        } else {
            // absolute-form: scheme "://" authority [path-abempty] ["?" query]
            var i = ts
            while i < te && Self.isSchemeByte(buf[i]) { i += 1 }
            guard i > ts, i + 3 <= te, buf[i] == 0x3A, buf[i + 1] == 0x2F, buf[i + 2] == 0x2F else {
                throw HTTPParseError.badRequest("request target must start with '/' or be an absolute URI (byte \(offset(ts)))")
            }
            var j = i + 3
            while j < te && buf[j] != 0x2F && buf[j] != 0x3F { j += 1 }
            guard j > i + 3 else {
                throw HTTPParseError.badRequest("absolute request target has an empty authority (byte \(offset(i + 3)))")
            }
            pathStart = j
        }
        var q = pathStart
        while q < te && buf[q] != 0x3F { q += 1 }
        if q < te { head.query = Self.string(UnsafeBufferPointer(rebasing: buf[(q + 1)..<te])) }
        if pathStart == ts && q == te {
            head.path = target
        } else {
            head.path = q == pathStart ? "/" : Self.string(UnsafeBufferPointer(rebasing: buf[pathStart..<q]))
        }
        head.target = target
    }

    /// Reads every field line into `headers`, noting what they say in `facts`; an error
    /// for a line that is not a valid field. `base`: the request's offset of `buf[0]`, for
    /// error details. (Static, as are `fieldBounds` and `knownFieldName`: a method of the parser
    /// called from its mutating code copied the whole parser, 300-odd bytes, first.)
    static func readFields(
        _ buf: UnsafeBufferPointer<UInt8>, lines: [Range<Int>], base: Int, into headers: inout HTTPHeaders,
        facts: inout FieldFacts
    ) -> HTTPParseError? {
        headers.fields.reserveCapacity(lines.count)
        for range in lines {
            let bounds: FieldBounds
            do throws(HTTPParseError) {
                bounds = try fieldBounds(buf, range, base: base)
            } catch {
                return error
            }
            let nameBytes = UnsafeBufferPointer(rebasing: buf[range.lowerBound..<bounds.colon])
            let valueBytes = UnsafeBufferPointer(rebasing: buf[bounds.value])
            let name = bounds.knownName ?? string(nameBytes)
            let value = fieldValue(valueBytes)
            facts.read(name: nameBytes, value: valueBytes, text: value, valueOffset: base + bounds.value.lowerBound)
            // As `add` does, with the strings moved in rather than retained.
            headers.nameLengths |= HTTPHeaders.lengthBit(nameBytes.count)
            headers.fields.append((name, value))
        }
        return nil
    }

    /// Whether `bytes` are `literal`'s (the caller has matched the count: the switches below
    /// compare only bytes of the length they are at).
    @inline(__always)
    static func spells(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return memcmp(base, literal.utf8Start, bytes.count) == 0
    }

    /// The name as a string literal when it is one of the spellings most requests send, else
    /// nil (and the name is kept as received). A literal costs nothing to make (a string built
    /// from bytes is validated and copied, a sixth of what parsing a small head cost), and its
    /// bytes are known to be a valid token.
    @inline(__always)
    static func knownFieldName(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        switch bytes.count {
        case 4 where spells(bytes, "Host"): return "Host"
        case 6 where spells(bytes, "Accept"): return "Accept"
        case 6 where spells(bytes, "Origin"): return "Origin"
        case 10 where spells(bytes, "User-Agent"): return "User-Agent"
        case 10 where spells(bytes, "Connection"): return "Connection"
        case 12 where spells(bytes, "Content-Type"): return "Content-Type"
        case 12 where spells(bytes, "X-Request-ID"): return "X-Request-ID"
        case 13 where spells(bytes, "If-None-Match"): return "If-None-Match"
        case 14 where spells(bytes, "Content-Length"): return "Content-Length"
        case 15 where spells(bytes, "Accept-Encoding"): return "Accept-Encoding"
        case 15 where spells(bytes, "Accept-Language"): return "Accept-Language"
        case 15 where spells(bytes, "X-Forwarded-For"): return "X-Forwarded-For"
        default: return nil
        }
    }

    /// A field value as a string: as `knownFieldName` does for names, the few values longer than a
    /// small string (15 bytes) that clients send all the time are string literals. Built from
    /// bytes, `application/json` was a validated copy and a heap block freed on the next
    /// request, a twentieth of a `POST /score`. Any other value is kept as received.
    @inline(__always)
    static func fieldValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch bytes.count {
        case 16 where spells(bytes, "application/json"): return "application/json"
        case 17 where spells(bytes, "gzip, deflate, br"): return "gzip, deflate, br"
        case 23 where spells(bytes, "gzip, deflate, br, zstd"): return "gzip, deflate, br, zstd"
        case 31 where spells(bytes, "application/json; charset=utf-8"): return "application/json; charset=utf-8"
        default: return string(bytes)
        }
    }

    /// Where a field line's name ends and its value (without surrounding whitespace) lies.
    struct FieldBounds {
        var colon: Int
        var value: Range<Int>
        /// The name, when `knownFieldName` knows its spelling.
        var knownName: String?
    }

    /// Checks a field line's syntax (RFC 9112 §5): a token name right before ':', a value
    /// without control characters, no obsolete line folding.
    static func fieldBounds(_ buf: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, base: Int) throws(HTTPParseError) -> FieldBounds {
        let s = line.lowerBound
        let e = line.upperBound
        if buf[s] == 0x20 || buf[s] == 0x09 {
            throw HTTPParseError.badRequest("obsolete line folding in header section at byte \(base + s)")
        }
        // A common name spelled as usual, up to the first colon, is a valid token: found with
        // a scan for the colon and one comparison, not checked byte by byte (a third of the cost).
        var colon = s
        while colon < e && buf[colon] != 0x3A { colon += 1 }
        let knownName = colon < e ? knownFieldName(UnsafeBufferPointer(rebasing: buf[s..<colon])) : nil
        if knownName == nil {
            // Otherwise the name's token bytes run up to the colon (not a token byte).
            colon = s
            while colon < e && isTokenByte(buf[colon]) { colon += 1 }
        }
        if colon == e || buf[colon] != 0x3A {
            guard UnsafeBufferPointer(rebasing: buf[colon..<e]).contains(0x3A) else {
                throw HTTPParseError.badRequest("header line without ':' at byte \(base + s)")
            }
            let c = buf[colon]
            if c == 0x20 || c == 0x09 {
                throw HTTPParseError.badRequest("whitespace between header field name and ':' at byte \(base + colon)")
            }
            throw HTTPParseError.badRequest("invalid character 0x\(hex(c)) in header field name at byte \(base + colon)")
        }
        guard colon > s else {
            throw HTTPParseError.badRequest("empty header field name at byte \(base + s)")
        }
        var vs = colon + 1
        var ve = e
        while vs < ve && (buf[vs] == 0x20 || buf[vs] == 0x09) { vs += 1 }
        while ve > vs && (buf[ve - 1] == 0x20 || buf[ve - 1] == 0x09) { ve -= 1 }
        if let control = firstControl(in: UnsafeBufferPointer(rebasing: buf[vs..<ve])) {
            let i = vs + control
            let name = String(decoding: UnsafeBufferPointer(rebasing: buf[s..<colon]), as: UTF8.self)
            throw HTTPParseError.badRequest("invalid character 0x\(hex(buf[i])) in header \(name) at byte \(base + i)")
        }
        return FieldBounds(colon: colon, value: vs..<ve, knownName: knownName)
    }
}
