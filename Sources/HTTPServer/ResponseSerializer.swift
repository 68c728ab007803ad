import JSON

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

    /// The exchange's id and its field's `Name: ` (`HTTPServer.Configuration.requestIDField`).
    struct RequestID {
        var prefix: [UInt8]
        var value: String
    }

    static let continueLine: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    static let statusPrefix: [UInt8] = Array("HTTP/1.1 ".utf8)
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
        requestID: RequestID? = nil, into out: inout [UInt8], appendBody: Bool = true
    ) -> Int {
        var buffer = OutputBuffer()
        let bodyBytes = serialize(response, isHead: isHead, keepAlive: keepAlive, http10: http10, date: date,
                                  requestID: requestID, into: &buffer, appendBody: appendBody)
        buffer.withBytes { out.append(contentsOf: $0) }
        return bodyBytes
    }

    /// The same into a loop's output buffer: the head is written in place, into room reserved
    /// for its largest possible size.
    @discardableResult
    static func serialize(
        _ response: HTTPResponse, isHead: Bool, keepAlive: Bool, http10: Bool, date: [UInt8],
        requestID: RequestID? = nil, into out: inout OutputBuffer, appendBody: Bool = true
    ) -> Int {
        // Status line (at most 13 + reason + 2), Content-Length (16 + 20 digits + 2), Connection
        // (at most 24), the empty line (2), the date, the request id and the fields.
        var bound = response.status.reason.utf8.count + 96 + date.count
        if let requestID { bound += requestID.prefix.count + requestID.value.utf8.count + 2 }
        // The headers are read in place: a copy of them, or of their frozen part bound to a
        // name, went through the runtime's generic copy and destroy of an optional.
        bound += response.headers.frozenWireCount
        for field in response.headers.fields.indices {
            bound += ResponseHead.fieldBound(name: response.headers.fields[field].name, value: response.headers.fields[field].value)
        }
        var code = 500
        out.appendWriting(maximum: bound) { buffer in
            guard var head = ResponseHead(buffer) else { return 0 }
            code = writeHead(response, keepAlive: keepAlive, http10: http10, date: date, requestID: requestID, into: &head)
            return head.count
        }
        if isBodiless(code) || isHead { return 0 }
        if appendBody { out.append(response.body) }
        return response.body.count
    }

    /// Writes the head; returns the status code written.
    private static func writeHead(
        _ response: HTTPResponse, keepAlive: Bool, http10: Bool, date: [UInt8], requestID: RequestID?,
        into head: inout ResponseHead
    ) -> Int {
        // A code outside 100...599 is a responder bug: it goes out as 500 (framed as such).
        let valid = response.status.code >= 100 && response.status.code < 600
        let code = valid ? response.status.code : 500
        let line = statusLines[code]
        if valid, !line.isEmpty, isStandardReason(response.status.reason, line) {
            head.write(line)
        } else if valid {
            head.write(statusPrefix)
            head.writeDecimal(code)
            head.write(0x20)
            for c in response.status.reason.utf8 where c >= 0x20 && c != 0x7F { head.write(c) }
            head.writeCRLF()
        } else {
            head.write(statusLines[500])
        }
        response.headers.writeFrozenWire(to: &head)
        for i in response.headers.fields.indices where !isServerOwned(response.headers.fields[i].name) {
            head.writeField(name: response.headers.fields[i].name, value: response.headers.fields[i].value)
        }
        if let requestID {
            // Known sane (checked or generated by `RequestIDGenerator`): copied as it is.
            head.write(requestID.prefix)
            requestID.value.withUTF8Bytes { head.write($0) }
            head.writeCRLF()
        }
        let bodiless = isBodiless(code)
        if !bodiless {
            head.write(contentLengthName)
            head.writeDecimal(response.body.count)
            head.writeCRLF()
        }
        head.write(date)
        if !keepAlive {
            head.write(connectionClose)
        } else if http10 {
            head.write(connectionKeepAlive)
        }
        head.writeCRLF()
        return code
    }

    /// Whether `reason` is the one the prebuilt status `line` holds (a custom reason is
    /// written as given).
    @inline(__always)
    static func isStandardReason(_ reason: String, _ line: [UInt8]) -> Bool {
        reason.withUTF8Bytes { reason in
            // "HTTP/1.1 200 " + reason + CRLF
            guard line.count == 13 + reason.count + 2 else { return false }
            for i in 0..<reason.count where reason[i] != line[13 + i] { return false }
            return true
        }
    }

    /// Appends `Name: value\r\n`, unless the server writes that field itself or the field is
    /// invalid (see `ResponseHead.writeField`). For fields rendered once (`FrozenFields`).
    static func appendField(_ field: HTTPHeaders.Element, to out: inout [UInt8]) {
        if isServerOwned(field.name) { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ResponseHead.fieldBound(name: field.name, value: field.value)) {
            guard var head = ResponseHead($0) else { return }
            head.writeField(name: field.name, value: field.value)
            out.append(contentsOf: head.written)
        }
    }

    /// A responder may end the connection by setting `Connection: close` (the server writes
    /// the header itself, so this is the only effect of the field).
    static func asksToClose(_ response: HTTPResponse) -> Bool {
        if response.headers.frozenAsksToClose { return true }
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
}
