/// RFC 4180 rendering (and, for tests and tools, parsing) of CSV text.
public enum CSV {
    /// Renders records with CRLF line breaks, the last one included.
    public static func render(header: [String], records: [[String]]) -> String {
        var out = ""
        append(header, to: &out)
        for record in records { append(record, to: &out) }
        return out
    }

    static func append(_ record: [String], to out: inout String) {
        for (i, field) in record.enumerated() {
            if i > 0 { out += "," }
            out += escape(field)
        }
        out += "\r\n"
    }

    /// A field, quoted only when it must be.
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }

    /// Parses RFC 4180 text into records (the header is the first). Returns nil for malformed
    /// text: a quote inside an unquoted field, text after a closing quote, or an open quote.
    public static func parse(_ text: String) -> [[String]]? {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var afterQuote = false
        var fieldStarted = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; afterQuote = true; pending = n }
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                record.append(field); field = ""; afterQuote = false; fieldStarted = false
            case "\r":
                guard let n = next(), n == "\n" else { return nil }
                record.append(field); records.append(record)
                record = []; field = ""; afterQuote = false; fieldStarted = false
            case "\n":
                return nil
            case "\"":
                if fieldStarted || afterQuote { return nil }
                inQuotes = true; fieldStarted = true
            default:
                if afterQuote { return nil }
                field.unicodeScalars.append(c); fieldStarted = true
            }
        }
        if inQuotes { return nil }
        if fieldStarted || afterQuote || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
