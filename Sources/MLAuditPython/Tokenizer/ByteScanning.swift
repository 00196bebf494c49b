#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Word-at-a-time helpers for the tokenizer's per-line passes.
enum ByteScanning {
    /// End (exclusive, past the `\n`) of the line starting at `start`; `text.count` for the last line.
    static func lineEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < text.count, let base = text.baseAddress else { return text.count }
        guard let found = memchr(base + start, 0x0A, text.count - start) else { return text.count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
    }

    /// Offset of the first `byte` in `text[start..<end]`, or nil.
    @inline(__always)
    static func find(_ byte: UInt8, in text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let base = text.baseAddress,
            let found = memchr(base + start, Int32(byte), end - start)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Where a comment ends within its line: the first `\r` from `start`, else the line's `\n`, else `end`.
    static func lineBreak(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var stop = end
        if stop > start && text[stop - 1] == 0x0A { stop -= 1 }
        return find(0x0D, in: text, from: start, to: stop) ?? stop
    }

    /// Whether `text[start..<end]` is all ASCII.
    static func isASCII(_ text: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        guard let base = text.baseAddress, start < end else { return true }
        let raw = UnsafeRawPointer(base)
        var index = start
        while index + 8 <= end {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < end {
            if text[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }
}
