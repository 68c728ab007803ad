extension String {
    /// `body` with the string's UTF-8 bytes, without copying them to the heap (native and
    /// small strings have them contiguous; a bridged one is copied once). Iterating `utf8`
    /// byte by byte costs several times more on the request path. Here, in the module every
    /// other one imports, so the HTTP server and the API share it.
    @inlinable @inline(__always)
    public func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return copy.withUTF8(body)
    }
}
