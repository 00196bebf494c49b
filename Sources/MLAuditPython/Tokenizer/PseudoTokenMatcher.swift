/// What `tokenize.PseudoToken` matched, and how `_tokenize` goes on to classify it.
enum PseudoMatchKind: Sendable {
    /// `\Z`: only whitespace was left on a line without a final newline.
    case empty
    /// `\\\r?\n`: explicit line joining.
    case continuation
    case comment
    /// A prefix and `'''`/`"""`; the body is matched separately.
    case tripleQuoteStart
    case number
    /// `\r?\n`.
    case newline
    case `operator`
    /// A complete one-line string (`ContStr` ending in its quote).
    case string
    /// `ContStr` ending in `\\\r?\n`: the string goes on on the next line.
    case continuedString
    /// `\w+`; NAME when its first character is an identifier start, else OP.
    case word
}

struct PseudoMatch: Sendable {
    var kind: PseudoMatchKind
    /// Byte offsets of the token (after the leading whitespace) within the text.
    var start: Int
    var end: Int
    /// For strings: the quote byte.
    var quote: UInt8 = 0
}

/// One-quote strings already found unterminated on the current line. A `ContStr` scan that ran off the line
/// from quote `q` passed every later quote of the same kind as an escaped character, so a scan starting at
/// any of them fails too; remembering that keeps lines like `'\'\'\'...` linear (the regex is quadratic).
struct UnterminatedStringMemo {
    var single = Int.max
    var double = Int.max

    func isKnownUnterminated(quote: UInt8, at quoteAt: Int) -> Bool {
        quoteAt > (quote == 0x27 ? single : double)
    }

    mutating func recordUnterminated(quote: UInt8, at quoteAt: Int) {
        if quote == 0x27 { single = Swift.min(single, quoteAt) } else { double = Swift.min(double, quoteAt) }
    }
}

/// Byte-level equivalent of `re.compile(PseudoToken).match(line, pos)` for CPython 3.11:
/// `Whitespace + group(PseudoExtras, Number, Funny, ContStr, Name)`, alternatives tried in order.
enum PseudoTokenMatcher {
    static func match(
        _ text: UnsafeBufferPointer<UInt8>, at position: Int, lineEnd: Int,
        memo: inout UnterminatedStringMemo
    ) -> PseudoMatch? {
        var start = position
        while start < lineEnd {
            let byte = text[start]
            if byte == 0x20 || byte == 0x09 || byte == 0x0C { start += 1 } else { break }
        }
        if start == lineEnd { return PseudoMatch(kind: .empty, start: start, end: start) }
        let first = text[start]
        // Dispatch on the first byte; for each class of byte only the alternatives that can match it are
        // tried, in the regex's order (PseudoExtras, Number, Funny, ContStr, Name).
        switch first {
        case 0x5C:  // backslash: only `\\\r?\n`
            if start + 1 < lineEnd && text[start + 1] == 0x0A {
                return PseudoMatch(kind: .continuation, start: start, end: start + 2)
            }
            if start + 2 < lineEnd && text[start + 1] == 0x0D && text[start + 2] == 0x0A {
                return PseudoMatch(kind: .continuation, start: start, end: start + 3)
            }
            return nil
        case 0x23:  // '#'
            return PseudoMatch(
                kind: .comment, start: start, end: ByteScanning.lineBreak(text, from: start + 1, to: lineEnd))
        case 0x27, 0x22, 0x42, 0x62, 0x52, 0x72, 0x55, 0x75, 0x46, 0x66:  // quotes and string prefix letters
            if let prefix = StringLiteralScanner.prefixLength(text, at: start, lineEnd: lineEnd) {
                if let found = matchString(text, start: start, quoteAt: start + prefix, lineEnd: lineEnd, memo: &memo) {
                    return found
                }
            }
            return matchName(text, at: start, lineEnd: lineEnd)
        case 0x30...0x39:  // digits: Number always matches
            return PseudoMatch(
                kind: .number, start: start,
                end: NumberLiteralMatcher.match(text, at: start, lineEnd: lineEnd) ?? start + 1)
        case 0x2E:  // '.': Number when a digit follows, else `.` or `...`
            if let end = NumberLiteralMatcher.match(text, at: start, lineEnd: lineEnd) {
                return PseudoMatch(kind: .number, start: start, end: end)
            }
        case 0x0A:
            return PseudoMatch(kind: .newline, start: start, end: start + 1)
        case 0x0D:
            if start + 1 < lineEnd && text[start + 1] == 0x0A {
                return PseudoMatch(kind: .newline, start: start, end: start + 2)
            }
            return nil
        case 0x41...0x5A, 0x61...0x7A, 0x5F:  // other ASCII letters and `_`: only Name
            return PseudoMatch(kind: .word, start: start, end: matchWord(text, at: start + 1, lineEnd: lineEnd))
        default:
            break
        }
        if let length = OperatorTable.matchLength(text, at: start, lineEnd: lineEnd) {
            return PseudoMatch(kind: .operator, start: start, end: start + length)
        }
        return matchName(text, at: start, lineEnd: lineEnd)
    }

    /// `Triple` (PseudoExtras) or else `ContStr`, for a valid prefix ending at `quoteAt`.
    private static func matchString(
        _ text: UnsafeBufferPointer<UInt8>, start: Int, quoteAt: Int, lineEnd: Int,
        memo: inout UnterminatedStringMemo
    ) -> PseudoMatch? {
        let quote = text[quoteAt]
        if quoteAt + 2 < lineEnd && text[quoteAt + 1] == quote && text[quoteAt + 2] == quote {
            return PseudoMatch(kind: .tripleQuoteStart, start: start, end: quoteAt + 3, quote: quote)
        }
        if memo.isKnownUnterminated(quote: quote, at: quoteAt) { return nil }
        switch StringLiteralScanner.oneLineBody(text, from: quoteAt + 1, quote: quote, lineEnd: lineEnd) {
        case .closed(let end): return PseudoMatch(kind: .string, start: start, end: end, quote: quote)
        case .continued(let end): return PseudoMatch(kind: .continuedString, start: start, end: end, quote: quote)
        case .unmatched:
            memo.recordUnterminated(quote: quote, at: quoteAt)
            return nil
        }
    }

    /// `Name` (`\w+`), or nil when no word character is at `start`.
    private static func matchName(_ text: UnsafeBufferPointer<UInt8>, at start: Int, lineEnd: Int) -> PseudoMatch? {
        let end = matchWord(text, at: start, lineEnd: lineEnd)
        return end > start ? PseudoMatch(kind: .word, start: start, end: end) : nil
    }

    /// End of `\w+` from `start` (== `start` when there is no word character).
    static func matchWord(_ text: UnsafeBufferPointer<UInt8>, at start: Int, lineEnd: Int) -> Int {
        var index = start
        while index < lineEnd {
            let byte = text[index]
            if byte < 0x80 {
                if UnicodeClasses.isASCIIWord(byte) {
                    index += 1
                    continue
                }
                break
            }
            let (scalar, length) = UnicodeClasses.decode(text, at: index, end: lineEnd)
            if UnicodeClasses.isWord(scalar) { index += length } else { break }
        }
        return index
    }
}
