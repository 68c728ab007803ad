import Dispatch
import HTTPServer
import Synchronization

/// Answers every request with "METHOD path body-length" as text; `/big` returns 8 MiB.
struct EchoResponder: HTTPResponder {
    static let big = [UInt8](repeating: 0x61, count: 8 * 1024 * 1024)
    /// Over the server's large-body threshold (sent without copying), under a socket buffer.
    static let large = (0..<(100 * 1024)).map { UInt8(truncatingIfNeeded: $0 % 251) }
    /// Sent without copying when its response ends a batch, copied when more follow.
    static let medium = (0..<(2 * 1024)).map { UInt8(truncatingIfNeeded: $0 % 241) }

    func respond(to request: HTTPRequest) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain")
        if request.path == "/big" {
            return HTTPResponse(headers: headers, body: Self.big)
        }
        if request.path == "/large" {
            return HTTPResponse(headers: headers, body: Self.large)
        }
        if request.path == "/medium" {
            return HTTPResponse(headers: headers, body: Self.medium)
        }
        let text = "\(request.method.rawValue) \(request.target) \(request.body.count)"
        return HTTPResponse(headers: headers, body: Array(text.utf8))
    }
}

/// Counts what the server reports.
final class CountingObserver: HTTPServerObserver {
    struct Counts {
        var responses = 0
        var statuses: [Int] = []
        var paths: [String] = []
        var opened = 0
        var closed = 0
        var rejected = 0
        var bodyBytes = 0
    }

    let counts = Mutex(Counts())

    func responseWritten(_ exchange: borrowing HTTPExchange) {
        counts.withLock {
            $0.responses += 1
            $0.statuses.append(exchange.status.code)
            $0.paths.append(exchange.request?.path ?? "-")
            $0.bodyBytes += exchange.bodyBytes
        }
    }

    func connectionOpened(open: Int) { counts.withLock { $0.opened += 1 } }
    func connectionClosed(open: Int) { counts.withLock { $0.closed += 1 } }
    func connectionRejected() { counts.withLock { $0.rejected += 1 } }
}

/// Polls `condition` every 10 ms for up to `seconds`; true once it holds.
func eventually(within seconds: Double = 5, _ condition: () -> Bool) -> Bool {
    var waited = 0.0
    while waited < seconds {
        if condition() { return true }
        RawHTTPClientSleep.ms(10)
        waited += 0.01
    }
    return condition()
}

import HTTPTestSupport

enum RawHTTPClientSleep {
    static func ms(_ n: Int) { RawHTTPClient.sleep(.milliseconds(n)) }
}

/// Runs `server.shutdown(deadline:)` on another thread; the semaphore is signalled when it returns.
func shutdownInBackground(_ server: HTTPServer, deadline: Duration = .seconds(5)) -> DispatchSemaphore {
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        server.shutdown(deadline: deadline)
        done.signal()
    }
    return done
}
