/// Converts byte offsets within the current line to code point columns, incrementally.
struct ColumnCounter {
    private var lineStart = 0
    private var isASCII = true
    private var cachedByte = 0
    private var cachedColumn = 0

    /// Starts a new line; `text[range]` is valid UTF-8.
    mutating func startLine(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        lineStart = range.lowerBound
        cachedByte = range.lowerBound
        cachedColumn = 0
        isASCII = true
        var index = range.lowerBound
        while index < range.upperBound {
            if text[index] >= 0x80 { isASCII = false; break }
            index += 1
        }
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
