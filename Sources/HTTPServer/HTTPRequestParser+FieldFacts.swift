extension HTTPRequestParser {
    /// Framing decisions found while reading the header fields.
    struct Framing {
        var contentLength: Int?
        var chunked = false
        var expectContinue = false
    }

    /// What the header fields say about framing and the connection, gathered as they are read
    /// and checked once all are in (RFC 9112 §6.3, §9.6; RFC 9110 §7.2, §10.1.1), so that a
    /// request refused for them can still be named.
    struct FieldFacts {
        let version: HTTPVersion
        var framing = Framing()
        /// The first error found while reading (a bad Content-Length, Transfer-Encoding or Expect).
        var deferred: HTTPParseError?
        var hostCount = 0
        var transferEncoding = false
        var codings: [String] = []
        var connectionClose = false
        var connectionKeepAlive = false

        init(version: HTTPVersion) {
            self.version = version
        }

        /// Whether the connection may stay open after this request.
        var keepAlive: Bool {
            version == .http1_1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        }

        /// Notes one field; `text` is the value as a string, `valueOffset` where it starts.
        mutating func read(
            name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>, text: String, valueOffset: Int
        ) {
            switch name.count {
            case 4 where HTTPRequestParser.equalsLower(name, "host"):
                hostCount += 1
            case 6 where HTTPRequestParser.equalsLower(name, "expect"):
                guard version == .http1_1 else { break }
                if HTTPRequestParser.equalsLower(value, "100-continue") {
                    framing.expectContinue = true
                } else if deferred == nil {
                    deferred = HTTPParseError(status: .expectationFailed, detail: "Expect: only 100-continue is supported")
                }
            case 10 where HTTPRequestParser.equalsLower(name, "connection"):
                HTTPRequestParser.forEachToken(value) { token in
                    if HTTPRequestParser.equalsLower(token, "close") { connectionClose = true }
                    else if HTTPRequestParser.equalsLower(token, "keep-alive") { connectionKeepAlive = true }
                }
            case 14 where HTTPRequestParser.equalsLower(name, "content-length"):
                readContentLength(value, text: text, valueOffset: valueOffset)
            case 17 where HTTPRequestParser.equalsLower(name, "transfer-encoding"):
                readTransferEncoding(value, text: text)
            default:
                break
            }
        }

        /// A Content-Length is 1 to 18 digits; repeats must agree (RFC 9112 §6.3).
        mutating func readContentLength(_ value: UnsafeBufferPointer<UInt8>, text: String, valueOffset: Int) {
            guard !value.isEmpty, value.count <= 18, value.allSatisfy(HTTPRequestParser.isDigit) else {
                if deferred == nil { deferred = .badRequest("malformed Content-Length '\(text)' at byte \(valueOffset)") }
                return
            }
            var n = 0
            for c in value { n = n * 10 + Int(c - 0x30) }
            if let previous = framing.contentLength, previous != n, deferred == nil {
                deferred = .badRequest("conflicting Content-Length values \(previous) and \(n)")
            }
            framing.contentLength = n
        }

        /// Collects the transfer codings' names, lowercased, in order.
        mutating func readTransferEncoding(_ value: UnsafeBufferPointer<UInt8>, text: String) {
            transferEncoding = true
            var bad = false
            HTTPRequestParser.forEachToken(value) { token in
                // Transfer codings may carry parameters (";q=..."); only the name matters.
                var end = token.count
                if let semicolon = token.firstIndex(of: 0x3B) { end = semicolon }
                var name = String(decoding: UnsafeBufferPointer(rebasing: token[0..<end]), as: UTF8.self)
                while name.last == " " || name.last == "\t" { name.removeLast() }
                if name.isEmpty { bad = true }
                codings.append(name.lowercased())
            }
            if bad && deferred == nil { deferred = .badRequest("malformed Transfer-Encoding '\(text)'") }
        }

        /// The first reason to refuse the request, once every field is read; sets
        /// `framing.chunked` for a valid chunked body.
        mutating func semanticError(maxBodySize: Int) -> HTTPParseError? {
            if let deferred { return deferred }
            if version == .http1_1 && hostCount == 0 {
                return .badRequest("missing Host header (required in HTTP/1.1)")
            }
            if hostCount > 1 {
                return .badRequest("more than one Host header")
            }
            if transferEncoding, let error = transferCodingError() {
                return error
            }
            if let length = framing.contentLength, length > maxBodySize {
                return HTTPParseError(
                    status: .contentTooLarge, detail: "body of \(length) bytes is over the limit of \(maxBodySize) bytes")
            }
            return nil
        }

        /// Transfer-Encoding must end in chunked, applied once, with no Content-Length, in
        /// HTTP/1.1 (RFC 9112 §6.1); other codings are not implemented.
        mutating func transferCodingError() -> HTTPParseError? {
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
            return nil
        }
    }
}
