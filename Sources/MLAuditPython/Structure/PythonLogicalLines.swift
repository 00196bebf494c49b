/// A file's tokens cut into logical lines once, for every reader of the file that walks it line by line (the
/// structure reader, the name-binding scan): the positions of each line's significant tokens (no ENCODING, NL,
/// COMMENT, INDENT, DEDENT, NEWLINE or ENDMARKER) back to back, with their bracket matches and each line's block
/// depth. A `LogicalLine` is a window on these arrays and the file's tokens, so reading a line copies no token.
package struct PythonLogicalLines: Sendable {
    /// The file's tokens (shared with the tokenization, not copied).
    let all: [PythonToken]
    /// The lines' tokens, line after line, as positions in `all`.
    let positions: [Int32]
    /// Per line token: its bracket match, relative to its line's first token (-1: none).
    let match: [Int32]
    /// Per line: where its tokens start in `positions` (a line ends where the next starts, the last at the end).
    let starts: [Int32]
    /// Per line: the block depth (INDENTs less DEDENTs, never below 0) when its first token came.
    let depths: [Int32]
    /// Whether the tokens hold an ERRORTOKEN (kept in the lines only when `keepErrorTokens`).
    package let hasErrorToken: Bool

    /// Lines as a NEWLINE (or ENDMARKER, or the end of the tokens) ends them; an ERRORTOKEN is a token of its line
    /// when `keepErrorTokens` (as the structure reader reads it), else left out (as the name-binding scan reads it).
    package init(_ all: [PythonToken], keepErrorTokens: Bool = true) {
        var positions: [Int32] = []
        positions.reserveCapacity(all.count)
        var starts: [Int32] = []
        var depths: [Int32] = []
        var depth: Int32 = 0
        var open = false  // the current line has a token
        var hasError = false
        for p in all.indices {
            let kind = all[p].kind
            switch kind {
            case .encoding, .nl, .comment:
                continue
            case .indent:
                depth += 1
            case .dedent:
                depth = max(0, depth - 1)
            case .newline, .endmarker:
                open = false
            case .errortoken where !keepErrorTokens:
                hasError = true
            default:
                if kind == .errortoken { hasError = true }
                if !open {
                    open = true
                    starts.append(Int32(positions.count))
                    depths.append(depth)
                }
                positions.append(Int32(p))
            }
        }
        var match = [Int32](repeating: -1, count: positions.count)
        for k in starts.indices {
            let range = Self.range(k, starts: starts, total: positions.count)
            LogicalLine.writeMatches(
                range.count, { LogicalLine.bracket(all[Int(positions[range.lowerBound + $0])]) }, to: &match,
                at: range.lowerBound)
        }
        self.all = all
        self.positions = positions
        self.match = match
        self.starts = starts
        self.depths = depths
        self.hasErrorToken = hasError
    }

    var count: Int { starts.count }

    /// Line `k` (0-based, in source order).
    func line(_ k: Int) -> LogicalLine {
        LogicalLine(
            all: all, positions: positions, match: match,
            range: Self.range(k, starts: starts, total: positions.count))
    }

    /// The block depth of line `k`.
    func depth(_ k: Int) -> Int { Int(depths[k]) }

    private static func range(_ k: Int, starts: [Int32], total: Int) -> Range<Int> {
        Int(starts[k])..<(k + 1 < starts.count ? Int(starts[k + 1]) : total)
    }
}

extension PythonTokenization {
    /// The tokens' logical lines (`PythonLogicalLines(tokens)`): the ones set on this value when a caller cut them
    /// already, so readers of the same tokens share them; else cut now.
    package var lines: PythonLogicalLines { logicalLines ?? PythonLogicalLines(tokens) }

    /// Cuts the logical lines once and keeps them with the tokens, for every reader given this value.
    package mutating func cutLines() {
        if logicalLines == nil { logicalLines = PythonLogicalLines(tokens) }
    }
}
