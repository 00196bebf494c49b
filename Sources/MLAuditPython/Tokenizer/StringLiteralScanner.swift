/// String literal pieces of CPython 3.11's `tokenize`: the `StringPrefix` alternatives, the one-line
/// `ContStr` body and the `endpats` tails (`Single`, `Double`, `Single3`, `Double3`).
enum StringLiteralScanner {
    enum OneLineBody {
        /// The closing quote was found; the string ends at this offset.
        case closed(Int)
        /// The line ended in `\\\r?\n` inside the string; the match ends after the newline.
        case continued(Int)
        case unmatched
    }

    @inline(__always)
    static func isQuote(_ byte: UInt8) -> Bool { byte == 0x27 || byte == 0x22 }

    /// Length of a valid string prefix at `start` that is directly followed by a quote:
    /// '', b, r, u, f, br, rb, fr, rf in any letter case. Nil when none is.
    static func prefixLength(_ text: UnsafeBufferPointer<UInt8>, at start: Int, lineEnd: Int) -> Int? {
        let first = text[start]
        if isQuote(first) { return 0 }
        let lower = first | 0x20
        guard lower == 0x62 || lower == 0x72 || lower == 0x75 || lower == 0x66, first >= 0x41 else { return nil }
        guard start + 1 < lineEnd else { return nil }
        let second = text[start + 1]
        if isQuote(second) { return 1 }
        guard second >= 0x41, start + 2 < lineEnd, isQuote(text[start + 2]) else { return nil }
        let secondLower = second | 0x20
        switch (lower, secondLower) {
        case (0x62, 0x72), (0x72, 0x62), (0x66, 0x72), (0x72, 0x66): return 2  // br rb fr rf
        default: return nil
        }
    }

    /// `[^\n'\\]*(?:\\.[^\n'\\]*)*` followed by `'` or `\\\r?\n` (with `"` likewise), from just after the
    /// opening quote. A line's only `\n` is its last byte.
    static func oneLineBody(_ text: UnsafeBufferPointer<UInt8>, from position: Int, quote: UInt8, lineEnd: Int)
        -> OneLineBody
    {
        var index = position
        while index < lineEnd {
            let quoteAt = ByteScanning.find(quote, in: text, from: index, to: lineEnd) ?? lineEnd
            if let backslash = ByteScanning.find(0x5C, in: text, from: index, to: quoteAt) {
                if backslash + 1 >= lineEnd { return .unmatched }
                let next = text[backslash + 1]
                if next == 0x0A { return .continued(backslash + 2) }
                if next == 0x0D && backslash + 2 < lineEnd && text[backslash + 2] == 0x0A {
                    return .continued(backslash + 3)
                }
                index = backslash + 2
                continue
            }
            return quoteAt < lineEnd ? .closed(quoteAt + 1) : .unmatched
        }
        return .unmatched
    }

    /// The `Single`/`Double` tail on a continuation line: `[^'\\]*(?:\\.[^'\\]*)*'` (newlines allowed,
    /// but `.` after a backslash never matches `\n`). Returns the end of the match.
    static func singleQuoteTail(_ text: UnsafeBufferPointer<UInt8>, from position: Int, quote: UInt8, lineEnd: Int)
        -> Int?
    {
        var index = position
        while index < lineEnd {
            let quoteAt = ByteScanning.find(quote, in: text, from: index, to: lineEnd) ?? lineEnd
            if let backslash = ByteScanning.find(0x5C, in: text, from: index, to: quoteAt) {
                if backslash + 1 >= lineEnd || text[backslash + 1] == 0x0A { return nil }
                index = backslash + 2
                continue
            }
            return quoteAt < lineEnd ? quoteAt + 1 : nil
        }
        return nil
    }

    /// The `Single3`/`Double3` tail: `[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''`. Returns the end of the match.
    static func tripleQuoteTail(_ text: UnsafeBufferPointer<UInt8>, from position: Int, quote: UInt8, lineEnd: Int)
        -> Int?
    {
        var index = position
        while index < lineEnd {
            let quoteAt = ByteScanning.find(quote, in: text, from: index, to: lineEnd) ?? lineEnd
            if let backslash = ByteScanning.find(0x5C, in: text, from: index, to: quoteAt) {
                if backslash + 1 >= lineEnd || text[backslash + 1] == 0x0A { return nil }
                index = backslash + 2
                continue
            }
            if quoteAt == lineEnd { return nil }
            if quoteAt + 2 < lineEnd && text[quoteAt + 1] == quote && text[quoteAt + 2] == quote { return quoteAt + 3 }
            index = quoteAt + 1
        }
        return nil
    }
}
