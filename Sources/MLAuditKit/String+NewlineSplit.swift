extension String {
    /// `split(separator: "\n", omittingEmptySubsequences: false)`, read on the bytes: a "\n" ends a piece unless a
    /// "\r" precedes it (the pair is one Character, which a Character split never splits). A line break is always a
    /// grapheme boundary, so the pieces are exactly the Character split's.
    package func splitOnNewlineKeepingEmpty() -> [Substring] {
        var out: [Substring] = []
        let u = utf8
        let fast: Void? = u.withContiguousStorageIfAvailable { buf in
            var start = u.startIndex
            var startOffset = 0
            for i in 0..<buf.count where buf[i] == 0x0A && (i == 0 || buf[i - 1] != 0x0D) {
                let end = u.index(start, offsetBy: i - startOffset)
                out.append(self[start..<end])
                start = u.index(after: end)
                startOffset = i + 1
            }
            out.append(self[start...])
        }
        if fast == nil { return split(separator: "\n", omittingEmptySubsequences: false) }
        return out
    }

    /// `components(separatedBy: "\n")` as the toolchain's Foundation gives it for a Swift string (the Character
    /// split: a "\r\n" pair is not split), read on the bytes.
    package func componentsSeparatedByNewline() -> [String] { splitOnNewlineKeepingEmpty().map(String.init) }
}
