/// Writes responses as HTTP/1.1 bytes into a reused buffer: prebuilt status lines, the cached
/// Date line, Content-Length digits written directly; no intermediate strings.
enum ResponseSerializer {
    /// "HTTP/1.1 200 OK\r\n" for every status the package names, indexed by code.
    static let statusLines: [[UInt8]] = {
        var table = [[UInt8]](repeating: [], count: 600)
        let known: [HTTPStatus] = [
            .ok, .noContent, .notModified, .badRequest, .forbidden, .notFound, .methodNotAllowed,
            .notAcceptable, .requestTimeout, .contentTooLarge, .uriTooLong, .unsupportedMediaType,
            .expectationFailed, .unprocessableContent, .requestHeaderFieldsTooLarge,
            .internalServerError, .notImplemented, .serviceUnavailable, .httpVersionNotSupported,
            HTTPStatus(code: 201, reason: "Created"), HTTPStatus(code: 202, reason: "Accepted"),
            HTTPStatus(code: 301, reason: "Moved Permanently"), HTTPStatus(code: 302, reason: "Found"),
            HTTPStatus(code: 307, reason: "Temporary Redirect"), HTTPStatus(code: 308, reason: "Permanent Redirect"),
            HTTPStatus(code: 401, reason: "Unauthorized"), HTTPStatus(code: 409, reason: "Conflict"),
            HTTPStatus(code: 410, reason: "Gone"), HTTPStatus(code: 412, reason: "Precondition Failed"),
            HTTPStatus(code: 429, reason: "Too Many Requests"), HTTPStatus(code: 502, reason: "Bad Gateway"),
            HTTPStatus(code: 504, reason: "Gateway Timeout"),
        ]
        for status in known { table[status.code] = Array("HTTP/1.1 \(status.code) \(status.reason)\r\n".utf8) }
        return table
    }()

    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    static let contentLengthName: [UInt8] = Array("Content-Length: ".utf8)
    static let connectionClose: [UInt8] = Array("Connection: close\r\n".utf8)
    static let connectionKeepAlive: [UInt8] = Array("Connection: keep-alive\r\n".utf8)

    /// Whether a response with this status carries no body (RFC 9110 §6.4.1).
    @inline(__always)
    static func isBodiless(_ code: Int) -> Bool { code < 200 || code == 204 || code == 304 }

    /// Appends `response` to `out` (its body too, unless `appendBody` is false: the caller then
    /// sends the body itself). Returns the number of body bytes the response carries on the wire.
    @discardableResult
    static func serialize(
        _ response: HTTPResponse, isHead: Bool, keepAlive: Bool, http10: Bool, date: [UInt8],
        into out: inout [UInt8], appendBody: Bool = true
    ) -> Int {
        // A code outside 100...599 is a responder bug: it goes out as 500 (framed as such).
        let valid = response.status.code >= 100 && response.status.code < 600
        let code = valid ? response.status.code : 500
        let line = statusLines[code]
        if valid, !line.isEmpty, isStandardReason(response.status.reason, line) {
            out.append(contentsOf: line)
        } else if valid {
            out.append(contentsOf: "HTTP/1.1 \(code) ".utf8)
            appendVisible(response.status.reason, to: &out)
            appendCRLF(to: &out)
        } else {
            out.append(contentsOf: statusLines[500])
        }
        if let frozen = response.headers.frozenPart { frozen.appendWire(hiding: response.headers.hiddenFrozen, to: &out) }
        for field in response.headers.fields { appendField(field, to: &out) }
        let bodiless = isBodiless(code)
        if !bodiless {
            out.append(contentsOf: contentLengthName)
            appendDecimal(response.body.count, to: &out)
            appendCRLF(to: &out)
        }
        out.append(contentsOf: date)
        if !keepAlive {
            out.append(contentsOf: connectionClose)
        } else if http10 {
            out.append(contentsOf: connectionKeepAlive)
        }
        appendCRLF(to: &out)
        if bodiless || isHead { return 0 }
        if appendBody { out.append(contentsOf: response.body) }
        return response.body.count
    }

    /// Whether `reason` is the one the prebuilt status `line` holds (a custom reason is
    /// written as given).
    @inline(__always)
    static func isStandardReason(_ reason: String, _ line: [UInt8]) -> Bool {
        withBytes(reason) { reason in
            // "HTTP/1.1 200 " + reason + CRLF
            guard line.count == 13 + reason.count + 2 else { return false }
            for i in 0..<reason.count where reason[i] != line[13 + i] { return false }
            return true
        }
    }

    @inline(__always)
    static func appendCRLF(to out: inout [UInt8]) {
        out.append(0x0D)
        out.append(0x0A)
    }

    /// Appends `Name: value\r\n`, unless the server writes that field itself or the field is
    /// invalid: a value must never smuggle a line break (response splitting), so it is dropped.
    /// One pass over each string's bytes checks them, one copy writes them.
    @inline(__always)
    static func appendField(_ field: HTTPHeaders.Element, to out: inout [UInt8]) {
        if isServerOwned(field.name) { return }
        withBytes(field.name) { name in
            withBytes(field.value) { value in
                guard !name.isEmpty, name.allSatisfy(HTTPRequestParser.isTokenByte),
                      !value.contains(where: HTTPRequestParser.isControl) else { return }
                out.append(contentsOf: name)
                out.append(0x3A)
                out.append(0x20)
                out.append(contentsOf: value)
                out.append(0x0D)
                out.append(0x0A)
            }
        }
    }

    /// `body` with the string's UTF-8 bytes (native strings have them contiguous already).
    @inline(__always)
    static func withBytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    /// A responder may end the connection by setting `Connection: close` (the server writes
    /// the header itself, so this is the only effect of the field).
    static func asksToClose(_ response: HTTPResponse) -> Bool {
        if let frozen = response.headers.frozenPart, frozen.asksToClose(hiding: response.headers.hiddenFrozen) { return true }
        return asksToClose(response.headers.fields)
    }

    static func asksToClose(_ fields: [HTTPHeaders.Element]) -> Bool {
        for field in fields where field.name.utf8.count == 10 && HTTPHeaders.equalNames(field.name, "Connection") {
            var value = field.value
            let closes = value.withUTF8 { bytes in
                var closes = false
                HTTPRequestParser.forEachToken(bytes) { if HTTPRequestParser.equalsLower($0, "close") { closes = true } }
                return closes
            }
            if closes { return true }
        }
        return false
    }

    /// Date, Content-Length, Connection and Transfer-Encoding are the server's to write.
    @inline(__always)
    static func isServerOwned(_ name: String) -> Bool {
        switch name.utf8.count {
        case 4: return HTTPHeaders.equalNames(name, "Date")
        case 10: return HTTPHeaders.equalNames(name, "Connection")
        case 14: return HTTPHeaders.equalNames(name, "Content-Length")
        case 17: return HTTPHeaders.equalNames(name, "Transfer-Encoding")
        default: return false
        }
    }

    static func appendVisible(_ s: String, to out: inout [UInt8]) {
        for c in s.utf8 where c >= 0x20 && c != 0x7F { out.append(c) }
    }

    @inline(__always)
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var n = value < 0 ? 0 : value
        if n < 10 {
            out.append(0x30 &+ UInt8(n))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            while n > 0 {
                raw[19 - count] = 0x30 &+ UInt8(n % 10)
                n /= 10
                count += 1
            }
            out.append(contentsOf: raw[(20 - count)...])
        }
    }
}
