/// The line loop of CPython 3.11's `tokenize._tokenize`, over UTF-8 bytes.
///
/// Lines are split on `\n` only (as a binary `readline` does); positions count code points.
struct TokenScanner {
    private let text: UnsafeBufferPointer<UInt8>
    private let validation: LineValidation
    private var tokens: [RawToken] = []
    private var columns = ColumnCounter()

    enum LineValidation {
        /// Each line must be strict UTF-8 (`line.decode('utf-8')`).
        case utf8
        /// Each line must be ASCII.
        case ascii
        /// Already valid (transcoded from Latin-1).
        case none
    }

    /// A string still open at the end of a line (`contstr`).
    private struct OpenString {
        var startByte: Int
        var start: SourcePosition
        var quote: UInt8
        var triple: Bool
    }

    init(text: UnsafeBufferPointer<UInt8>, validation: LineValidation) {
        self.text = text
        self.validation = validation
    }

    /// A token before its text is materialised: byte offsets into `text` and positions, packed in 32 bits
    /// each (`run` refuses texts of 2 GiB or more), so that it is small and trivially copyable.
    private struct RawToken {
        var kind: PythonTokenKind
        var startByte: UInt32
        var endByte: UInt32
        var startLine: UInt32
        var startColumn: UInt32
        var endLine: UInt32
        var endColumn: UInt32

        init(kind: PythonTokenKind, startByte: Int, endByte: Int, start: SourcePosition, end: SourcePosition) {
            self.kind = kind
            self.startByte = UInt32(truncatingIfNeeded: startByte)
            self.endByte = UInt32(truncatingIfNeeded: endByte)
            startLine = UInt32(truncatingIfNeeded: start.line)
            startColumn = UInt32(truncatingIfNeeded: start.column)
            endLine = UInt32(truncatingIfNeeded: end.line)
            endColumn = UInt32(truncatingIfNeeded: end.column)
        }

        var start: SourcePosition { SourcePosition(line: Int(startLine), column: Int(startColumn)) }
        var end: SourcePosition { SourcePosition(line: Int(endLine), column: Int(endColumn)) }
    }

    /// Largest text `run` accepts, so that offsets, lines and columns fit the packed raw tokens.
    static let maximumLength = Int(Int32.max)

    /// Scans the whole text; the tokens start with the ENCODING token for `encodingName`.
    mutating func run(encodingName: String) -> PythonTokenization {
        guard text.count < TokenScanner.maximumLength else {
            return PythonTokenization(
                tokens: [],
                error: PythonTokenizeError(
                    line: 1, column: 0,
                    message: "source of 2 GiB or more is not tokenized"))
        }
        tokens.reserveCapacity(text.count / 7 + 16)
        let error = scanLines()
        return PythonTokenization(tokens: materialise(encodingName: encodingName), error: error)
    }

    /// Builds the public tokens in place: texts as Strings, exact type names for OP tokens.
    private func materialise(encodingName: String) -> [PythonToken] {
        let raw = tokens
        let text = self.text
        return ShortTextCache.withTable { cache in
            [PythonToken](unsafeUninitializedCapacity: raw.count + 1) { buffer, initialized in
                let origin = SourcePosition(line: 0, column: 0)
                buffer.initializeElement(
                    at: 0, to: PythonToken(kind: .encoding, text: encodingName, start: origin, end: origin))
                var index = 1
                for token in raw {
                    let startByte = Int(token.startByte)
                    let endByte = Int(token.endByte)
                    let length = endByte - startByte
                    var string = ""
                    var exact: UInt8 = 0
                    if length > 0 && length <= 8 {
                        let key = ShortTextCache.key(text, startByte, length)
                        string = ShortTextCache.string(cache, key: key, length: length, text, startByte)
                        if token.kind == .op {
                            exact = length <= 3 ? OperatorTable.exactTypeCode(key: UInt32(truncatingIfNeeded: key)) : 1
                        }
                    } else if length > 0 {
                        string = String(
                            decoding: UnsafeBufferPointer(rebasing: text[startByte..<endByte]), as: UTF8.self)
                        if token.kind == .op { exact = OperatorTable.exactTypeCode(text, startByte, endByte) }
                    }
                    buffer.initializeElement(
                        at: index,
                        to: PythonToken(
                            kind: token.kind, text: string, start: token.start,
                            end: token.end, exactTypeCode: exact))
                    index += 1
                }
                initialized = index
            }
        }
    }

    private mutating func emit(
        _ kind: PythonTokenKind, _ startByte: Int, _ endByte: Int,
        _ start: SourcePosition, _ end: SourcePosition
    ) {
        tokens.append(RawToken(kind: kind, startByte: startByte, endByte: endByte, start: start, end: end))
    }

    private mutating func emitEmpty(_ kind: PythonTokenKind, _ start: SourcePosition, _ end: SourcePosition) {
        tokens.append(RawToken(kind: kind, startByte: 0, endByte: 0, start: start, end: end))
    }

    /// Whether the line decodes in the source's encoding.
    private func isValid(_ start: Int, _ end: Int, isASCII: Bool) -> Bool {
        if isASCII { return true }
        switch validation {
        case .none: return true
        case .utf8: return UnicodeClasses.isValidUTF8(text, from: start, to: end)
        case .ascii: return false
        }
    }

    // swiftlint:disable:next function_body_length cyclomatic_complexity
    private mutating func scanLines() -> PythonTokenizeError? {
        var lineNumber = 0
        var parenLevel = 0
        var continued = false
        var indents: [Int] = [0]
        var open: OpenString?
        // `needcont`: set by a backslash-continued one-quote string and cleared only when an open string
        // closes, so (as in CPython) it survives an ERRORTOKEN and then applies to a later triple-quoted string.
        var needsContinuation = false
        var cursor = 0
        var lastLine = 0..<0
        var line = 0..<0
        lines: while true {
            lastLine = line
            let lineEnd = ByteScanning.lineEnd(text, from: cursor)
            line = cursor..<lineEnd
            cursor = lineEnd
            lineNumber += 1
            let isASCII = ByteScanning.isASCII(text, from: line.lowerBound, to: line.upperBound)
            if !isValid(line.lowerBound, line.upperBound, isASCII: isASCII) {
                return PythonTokenizeError(
                    line: lineNumber, column: 0, message: "source line is not valid in its encoding")
            }
            columns.startLine(at: line.lowerBound, isASCII: isASCII)
            var position = line.lowerBound
            let max = line.upperBound

            if let string = open {
                if line.isEmpty {
                    return PythonTokenizeError(
                        line: string.start.line, column: string.start.column,
                        message: "EOF in multi-line string")
                }
                let tail =
                    string.triple
                    ? StringLiteralScanner.tripleQuoteTail(text, from: position, quote: string.quote, lineEnd: max)
                    : StringLiteralScanner.singleQuoteTail(text, from: position, quote: string.quote, lineEnd: max)
                if let end = tail {
                    emit(.string, string.startByte, end, string.start, pos(lineNumber, end))
                    position = end
                    open = nil
                    needsContinuation = false
                } else if needsContinuation && !endsWithBackslashNewline(line) {
                    emit(.errortoken, string.startByte, max, string.start, pos(lineNumber, max))
                    open = nil
                    continue lines
                } else {
                    continue lines
                }
            } else if parenLevel == 0 && !continued {
                if line.isEmpty { break lines }
                var column = 0
                measure: while position < max {
                    switch text[position] {
                    case 0x20: column += 1
                    case 0x09: column = (column / 8 + 1) * 8
                    case 0x0C: column = 0
                    default: break measure
                    }
                    position += 1
                }
                if position == max { break lines }
                let first = text[position]
                if first == 0x23 || first == 0x0D || first == 0x0A {
                    if first == 0x23 {
                        var commentEnd = max
                        while commentEnd > position && (text[commentEnd - 1] == 0x0A || text[commentEnd - 1] == 0x0D) {
                            commentEnd -= 1
                        }
                        emit(.comment, position, commentEnd, pos(lineNumber, position), pos(lineNumber, commentEnd))
                        position = commentEnd
                    }
                    emit(.nl, position, max, pos(lineNumber, position), pos(lineNumber, max))
                    continue lines
                }
                if column > (indents.last ?? 0) {
                    indents.append(column)
                    emit(
                        .indent, line.lowerBound, position, pos(lineNumber, line.lowerBound), pos(lineNumber, position))
                }
                // CPython checks `column not in indents` before each pop; popping only removes levels above
                // `column`, so one check (a binary search: levels increase) decides for the whole line.
                if column < (indents.last ?? 0) && !Self.contains(sorted: indents, column) {
                    return PythonTokenizeError(
                        line: lineNumber, column: columns.column(of: position, in: text),
                        message: "unindent does not match any outer indentation level")
                }
                while column < (indents.last ?? 0) {
                    indents.removeLast()
                    let here = pos(lineNumber, position)
                    emitEmpty(.dedent, here, here)
                }
            } else {
                if line.isEmpty {
                    return PythonTokenizeError(line: lineNumber, column: 0, message: "EOF in multi-line statement")
                }
                continued = false
            }

            var memo = UnterminatedStringMemo()
            while position < max {
                guard let found = PseudoTokenMatcher.match(text, at: position, lineEnd: max, memo: &memo) else {
                    // No match: CPython emits one ERRORTOKEN for the character at `position` and retries one
                    // character on. Retrying within the whitespace run before the culprit fails the same way,
                    // so emit the whole run at once (a retry per blank would be quadratic on long blank runs).
                    var culprit = position
                    while culprit < max, text[culprit] == 0x20 || text[culprit] == 0x09 || text[culprit] == 0x0C {
                        emit(.errortoken, culprit, culprit + 1, pos(lineNumber, culprit), pos(lineNumber, culprit + 1))
                        culprit += 1
                    }
                    if culprit < max {
                        let length = Swift.min(UnicodeClasses.sequenceLength(text[culprit]), max - culprit)
                        emit(
                            .errortoken, culprit, culprit + length, pos(lineNumber, culprit),
                            pos(lineNumber, culprit + length))
                        culprit += length
                    }
                    position = culprit
                    continue
                }
                position = found.end
                if found.start == found.end { continue }
                let start = pos(lineNumber, found.start)
                switch found.kind {
                case .empty:
                    continue
                case .number:
                    emit(.number, found.start, found.end, start, pos(lineNumber, found.end))
                case .newline:
                    emit(parenLevel > 0 ? .nl : .newline, found.start, found.end, start, pos(lineNumber, found.end))
                case .comment:
                    emit(.comment, found.start, found.end, start, pos(lineNumber, found.end))
                case .tripleQuoteStart:
                    if let end = StringLiteralScanner.tripleQuoteTail(
                        text, from: found.end, quote: found.quote, lineEnd: max)
                    {
                        emit(.string, found.start, end, start, pos(lineNumber, end))
                        position = end
                    } else {
                        open = OpenString(startByte: found.start, start: start, quote: found.quote, triple: true)
                        break
                    }
                    continue
                case .string:
                    emit(.string, found.start, found.end, start, pos(lineNumber, found.end))
                case .continuedString:
                    open = OpenString(startByte: found.start, start: start, quote: found.quote, triple: false)
                    needsContinuation = true
                case .word:
                    let initial = UnicodeClasses.decode(text, at: found.start, end: found.end).scalar
                    let kind: PythonTokenKind = UnicodeClasses.isIdentifierStart(initial) ? .name : .op
                    emit(kind, found.start, found.end, start, pos(lineNumber, found.end))
                case .continuation:
                    continued = true
                case .operator:
                    switch text[found.start] {
                    case 0x28, 0x5B, 0x7B: parenLevel += 1
                    case 0x29, 0x5D, 0x7D: parenLevel -= 1
                    default: break
                    }
                    emit(.op, found.start, found.end, start, pos(lineNumber, found.end))
                }
                if open != nil { break }
            }
        }
        finish(lineNumber: lineNumber, lastLine: lastLine, indents: indents)
        return nil
    }

    private mutating func finish(lineNumber: Int, lastLine: Range<Int>, indents: [Int]) {
        if let lastByte = lastLine.last.map({ text[$0] }), lastByte != 0x0A, lastByte != 0x0D,
            !strippedStartsWithHash(lastLine)
        {
            let length = ColumnCounter.codePoints(text, lastLine)
            emitEmpty(
                .newline, SourcePosition(line: lineNumber - 1, column: length),
                SourcePosition(line: lineNumber - 1, column: length + 1))
        }
        let end = SourcePosition(line: lineNumber, column: 0)
        for _ in indents.dropFirst() { emitEmpty(.dedent, end, end) }
        emitEmpty(.endmarker, end, end)
    }

    private mutating func pos(_ line: Int, _ byte: Int) -> SourcePosition {
        SourcePosition(line: line, column: columns.column(of: byte, in: text))
    }

    /// Whether the strictly increasing `levels` contain `value`.
    private static func contains(sorted levels: [Int], _ value: Int) -> Bool {
        var low = 0
        var high = levels.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if levels[mid] == value { return true }
            if levels[mid] < value { low = mid + 1 } else { high = mid - 1 }
        }
        return false
    }

    private func endsWithBackslashNewline(_ line: Range<Int>) -> Bool {
        let count = line.count
        let end = line.upperBound
        if count >= 2 && text[end - 1] == 0x0A && text[end - 2] == 0x5C { return true }
        return count >= 3 && text[end - 1] == 0x0A && text[end - 2] == 0x0D && text[end - 3] == 0x5C
    }

    /// `line.strip().startswith("#")`.
    private func strippedStartsWithHash(_ line: Range<Int>) -> Bool {
        var index = line.lowerBound
        while index < line.upperBound {
            let (scalar, length) = UnicodeClasses.decode(text, at: index, end: line.upperBound)
            if UnicodeClasses.isSpace(scalar) {
                index += length
                continue
            }
            return scalar == 0x23
        }
        return false
    }
}
