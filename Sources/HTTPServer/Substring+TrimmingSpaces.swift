extension Substring {
    /// Without leading and trailing optional whitespace: spaces and tabs (RFC 9110 section 5.6.3).
    public var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}
