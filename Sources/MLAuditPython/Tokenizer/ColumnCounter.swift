/// Converts byte offsets within the current line to code point columns, incrementally.
struct ColumnCounter {
    private var lineStart = 0
    private var isASCII = true
    private var cachedByte = 0
    private var cachedColumn = 0

    /// Starts a new line at byte `start`; the line is valid UTF-8, and `isASCII` tells whether it is ASCII.
    mutating func startLine(at start: Int, isASCII: Bool) {
        lineStart = start
        cachedByte = start
        cachedColumn = 0
        self.isASCII = isASCII
    }

    /// The column of `byte` (which lies in the current line, or at its end).
    mutating func column(of byte: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        if isASCII { return byte - lineStart }
        if byte < cachedByte {
            cachedByte = lineStart
            cachedColumn = 0
        }
        var index = cachedByte
        var column = cachedColumn
        while index < byte {
            if text[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        cachedByte = byte
        cachedColumn = column
        return column
    }

    /// Number of code points in `text[range]`.
    static func codePoints(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0
        for index in range where text[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
