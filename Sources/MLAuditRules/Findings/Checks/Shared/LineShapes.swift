import MLAuditFacts

/// Two bits per line of a Python file, taken in the read pass (`SourceAnalysis`): whether the line starts with
/// `import ` or `from ` and whether it is indented (its first character a space or a tab). Lines are the ones
/// `RepositoryFacts.lines` gives and the answers are those of `Substring.hasPrefix` / `first` on them, so checks
/// that only look at where an import statement stands (MLA131) ask these instead of the file's text.
package struct LineShapes: Sendable {
    /// The number of lines `RepositoryFacts.lines` gives.
    package let count: Int
    private let importStart: [UInt64]
    private let indented: [UInt64]

    /// Read at the byte level, splitting as `RepositoryFacts.splitLines` does (on a "\n" not preceded by "\r"; a
    /// trailing "\r" is not part of the last line). A byte answer stands when the byte after the matched prefix is
    /// ASCII or absent (then no combining mark can join the prefix's last character); otherwise the line's text
    /// decides, as `Substring` would.
    package init(text: String) {
        var t = text
        var starts: [UInt64] = []
        var indents: [UInt64] = []
        var n = 0
        t.withUTF8 { buf in
            func set(_ bits: inout [UInt64], _ i: Int) {
                while bits.count <= i >> 6 { bits.append(0) }
                bits[i >> 6] |= 1 << UInt64(i & 63)
            }
            func hasPrefix(_ prefix: StaticString, _ s: Int, _ e: Int) -> Bool {
                let p = prefix.utf8Start
                let k = prefix.utf8CodeUnitCount
                guard e - s >= k else { return false }
                for j in 0..<k where buf[s + j] != p[j] { return false }
                if s + k == e || buf[s + k] < 0x80 { return true }
                return String(decoding: UnsafeBufferPointer(rebasing: buf[s..<e]), as: UTF8.self)
                    .hasPrefix(prefix.description)
            }
            func shape(_ s: Int, _ e: Int) {
                if hasPrefix("import ", s, e) || hasPrefix("from ", s, e) { set(&starts, n) }
                if e > s, buf[s] == 0x20 || buf[s] == 0x09 {
                    if s + 1 == e || buf[s + 1] < 0x80 {
                        set(&indents, n)
                    } else if let c = String(decoding: UnsafeBufferPointer(rebasing: buf[s..<e]), as: UTF8.self).first,
                        c == " " || c == "\t"
                    {
                        set(&indents, n)
                    }
                }
                n += 1
            }
            var start = 0
            var i = 0
            while i < buf.count {
                if buf[i] == 0x0A && (i == 0 || buf[i - 1] != 0x0D) {
                    shape(start, i)
                    start = i + 1
                }
                i += 1
            }
            shape(start, buf.count > start && buf[buf.count - 1] == 0x0D ? buf.count - 1 : buf.count)
        }
        count = n
        importStart = starts
        indented = indents
    }

    init(count: Int, importStart: [UInt64], indented: [UInt64]) {
        self.count = count
        self.importStart = importStart
        self.indented = indented
    }

    /// Line `n` (1-based, within `1...count`) starts with `import ` or `from `.
    package func startsImport(_ n: Int) -> Bool { bit(importStart, n - 1) }
    /// Line `n` (1-based, within `1...count`) starts with a space or a tab.
    package func isIndented(_ n: Int) -> Bool { bit(indented, n - 1) }

    private func bit(_ bits: [UInt64], _ i: Int) -> Bool {
        guard i >= 0, i < count, i >> 6 < bits.count else { return false }
        return bits[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    package struct Analysis: SourceAnalysis {
        package let name = "lineShapes"
        package init() {}
        /// Every `.py` file, vendored ones too (MLA131 reads the imports of all of them).
        package func applies(to file: RepoFile) -> Bool { file.kind == .python && file.path.hasSuffix(".py") }
        package func analyze(_ source: PythonSource) -> LineShapes { LineShapes(text: source.content.text) }

        package func encode(_ v: LineShapes, into w: inout FactCodec.Writer) -> Bool {
            w.int(v.count)
            for bits in [v.importStart, v.indented] { w.list(bits) { $0.uint($1) } }
            return true
        }

        /// At least one line, and no more bit words than the lines need.
        package func decode(_ r: inout FactCodec.Reader) -> LineShapes? {
            guard let count = r.int(), count >= 1, let starts = r.list({ $0.uint() }),
                let indents = r.list({ $0.uint() }),
                starts.count <= (count + 63) / 64, indents.count <= (count + 63) / 64
            else { return nil }
            return LineShapes(count: count, importStart: starts, indented: indents)
        }
    }
}
