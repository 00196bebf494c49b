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
        case (0x62, 0x72), (0x72, 0x62), (0x66, 0x72), (0x72, 0x66): return 2 // br rb fr rf
        default: return nil
        }
    }

    /// `[^\n'\\]*(?:\\.[^\n'\\]*)*` followed by `'` or `\\\r?\n` (with `"` likewise), from just after the
    /// opening quote.
    static func oneLineBody(_ text: UnsafeBufferPointer<UInt8>, from position: Int, quote: UInt8, lineEnd: Int) -> OneLineBody {
        var index = position
        while index < lineEnd {
            let byte = text[index]
            if byte == quote { return .closed(index + 1) }
            if byte == 0x0A { return .unmatched }
            if byte == 0x5C {
                if index + 1 >= lineEnd { return .unmatched }
                let next = text[index + 1]
                if next == 0x0A { return .continued(index + 2) }
                if next == 0x0D && index + 2 < lineEnd && text[index + 2] == 0x0A { return .continued(index + 3) }
                index += 2
                continue
            }
            index += 1
        }
        return .unmatched
    }

    /// The `Single`/`Double` tail on a continuation line: `[^'\\]*(?:\\.[^'\\]*)*'` (newlines allowed,
    /// but `.` after a backslash never matches `\n`). Returns the end of the match.
    static func singleQuoteTail(_ text: UnsafeBufferPointer<UInt8>, from position: Int, quote: UInt8, lineEnd: Int) -> Int? {
        var index = position
        while index < lineEnd {
            let byte = text[index]
            if byte == quote { return index + 1 }
            if byte == 0x5C {
                if index + 1 >= lineEnd || text[index + 1] == 0x0A { return nil }
                index += 2
                continue
            }
            index += 1
        }
        return nil
    }

    /// The `Single3`/`Double3` tail: `[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''`. Returns the end of the match.
    static func tripleQuoteTail(_ text: UnsafeBufferPointer<UInt8>, from position: Int, quote: UInt8, lineEnd: Int) -> Int? {
        var index = position
        while index < lineEnd {
            let byte = text[index]
            if byte == quote {
                if index + 2 < lineEnd && text[index + 1] == quote && text[index + 2] == quote { return index + 3 }
                index += 1
                continue
            }
            if byte == 0x5C {
                if index + 1 >= lineEnd || text[index + 1] == 0x0A { return nil }
                index += 2
                continue
            }
            index += 1
        }
        return nil
    }
}
