/// Reading a request body: a fixed length, or chunked with its trailer section (RFC 9112 §6,
/// §7.1).
extension HTTPRequestParser {
    /// Appends up to `limit` buffered bytes to the body; returns how many.
    mutating func takeBody(upTo limit: Int) -> Int {
        let n = min(buffer.count - readIndex, limit)
        guard n > 0 else { return 0 }
        head.body.append(contentsOf: buffer[readIndex..<(readIndex + n)])
        readIndex += n
        return n
    }

    /// Parses `chunk-size [ chunk-ext ] CRLF`. Returns true when it advanced the state.
    mutating func parseChunkSizeLine() -> Result<Bool, HTTPParseError> {
        guard let lf = indexOfLF(from: readIndex) else {
            if buffer.count - readIndex > 4096 { return .failure(.badRequest("chunk size line too long")) }
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
            for j in i..<lineEnd where Self.isControl(buffer[j]) {
                return .failure(.badRequest("invalid character in chunk extension at byte \(offset(j))"))
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

    /// The CRLF after a chunk's data, refused at its first wrong byte. Returns true when it
    /// advanced the state.
    mutating func parseChunkDataEnd() -> Result<Bool, HTTPParseError> {
        let available = buffer.count - readIndex
        if (available >= 1 && buffer[readIndex] != 0x0D) || (available >= 2 && buffer[readIndex + 1] != 0x0A) {
            return .failure(.badRequest("chunk data not followed by CRLF at byte \(offset(readIndex))"))
        }
        guard available >= 2 else { return .success(false) }
        readIndex += 2
        state = .chunkSize
        return .success(true)
    }

    enum TrailerStep { case needMore, advanced, done }

    /// 431 for a trailer section over the header section's limits.
    static let trailerSectionTooLarge = HTTPParseError(
        status: .requestHeaderFieldsTooLarge, detail: "trailer section too large")

    /// Parses one trailer line (validated, then ignored).
    mutating func parseTrailerLine(count: Int, bytes: Int) -> Result<TrailerStep, HTTPParseError> {
        guard let lf = indexOfLF(from: readIndex) else {
            if bytes + buffer.count - readIndex > limits.maxHeaderBytes { return .failure(Self.trailerSectionTooLarge) }
            return .success(.needMore)
        }
        let s = readIndex
        let e = lf - 1
        // The size limit before the line ending, as for a partial line (split-independent).
        let newBytes = bytes + lf + 1 - s
        if newBytes > limits.maxHeaderBytes { return .failure(Self.trailerSectionTooLarge) }
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
        if let error = trailerFieldError(s..<e) { return .failure(error) }
        readIndex = lf + 1
        state = .trailers(count: count + 1, bytes: newBytes)
        return .success(.advanced)
    }

    /// A trailer field's syntax: a token name, ':', a value without control characters.
    func trailerFieldError(_ line: Range<Int>) -> HTTPParseError? {
        let s = line.lowerBound
        let e = line.upperBound
        if buffer[s] == 0x20 || buffer[s] == 0x09 {
            return .badRequest("obsolete line folding in trailer section at byte \(offset(s))")
        }
        var colon = s
        while colon < e && buffer[colon] != 0x3A {
            guard Self.isTokenByte(buffer[colon]) else {
                return .badRequest("invalid trailer field name at byte \(offset(colon))")
            }
            colon += 1
        }
        guard colon < e, colon > s else {
            return .badRequest("malformed trailer field at byte \(offset(s))")
        }
        for i in (colon + 1)..<e where Self.isControl(buffer[i]) {
            return .badRequest("invalid character in trailer field at byte \(offset(i))")
        }
        return nil
    }
}
