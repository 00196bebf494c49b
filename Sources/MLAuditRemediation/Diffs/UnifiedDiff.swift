import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules
/// Unified diffs (`git apply` format) from a file's current text and its proposed text.
/// Lines compare with their line ending, so a missing final newline is diffed and marked exactly as git does.
public enum UnifiedDiff {
    public static let context = 3

    /// The patch for one file; nil when nothing changed. `original == nil` means a new file.
    public static func patch(path: String, original: String?, updated: String) -> String? {
        guard let original else { return newFile(path: path, text: updated) }
        if original == updated { return nil }
        let old = split(original), new = split(updated)
        let ops = operations(old, new)
        var out = "diff --git a/\(path) b/\(path)\n--- a/\(path)\n+++ b/\(path)\n"
        for hunk in hunks(ops) {
            out += hunk.header
            for line in hunk.lines { out += line }
        }
        return out
    }

    package static func newFile(path: String, text: String) -> String {
        let lines = split(text)
        var out = "diff --git a/\(path) b/\(path)\nnew file mode 100644\n--- /dev/null\n+++ b/\(path)\n"
        guard !lines.isEmpty else { return out }
        out += "@@ -0,0 +1,\(lines.count) @@\n"
        for l in lines { out += render("+", l) }
        return out
    }

    /// Lines with their "\n" kept; a final line without newline has none.
    package static func split(_ text: String) -> [Substring] {
        var out: [Substring] = []
        var start = text.startIndex
        var i = text.startIndex
        while i < text.endIndex {
            let next = text.index(after: i)
            if text[i] == "\n" { out.append(text[start..<next]); start = next }
            i = next
        }
        if start < text.endIndex { out.append(text[start...]) }
        return out
    }

    package static func render(_ sign: String, _ line: Substring) -> String {
        line.hasSuffix("\n") ? sign + line : sign + line + "\n\\ No newline at end of file\n"
    }

    package enum Op { case equal(Int, Int), delete(Int), insert(Int) }

    /// Edit script: common prefix and suffix trimmed, LCS on the (small) middle.
    package static func operations(_ a: [Substring], _ b: [Substring]) -> [(Op, Substring)] {
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var ops: [(Op, Substring)] = (0..<prefix).map { (.equal($0, $0), a[$0]) }
        let am = Array(a[prefix..<(a.count - suffix)]), bm = Array(b[prefix..<(b.count - suffix)])
        let n = am.count, m = bm.count
        if n == 0 || m == 0 {
            ops += am.indices.map { (.delete(prefix + $0), am[$0]) }
            ops += bm.indices.map { (.insert(prefix + $0), bm[$0]) }
        } else if n * m > 4_000_000 {
            ops += greedy(am, bm, base: prefix)
        } else {
            // lengths[i][j] = LCS of am[i...] and bm[j...]
            var lengths = [Int32](repeating: 0, count: (n + 1) * (m + 1))
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lengths[i * (m + 1) + j] = am[i] == bm[j] ? lengths[(i + 1) * (m + 1) + j + 1] + 1
                        : max(lengths[(i + 1) * (m + 1) + j], lengths[i * (m + 1) + j + 1])
                }
            }
            var i = 0, j = 0
            while i < n || j < m {
                if i < n && j < m && am[i] == bm[j] { ops.append((.equal(prefix + i, prefix + j), am[i])); i += 1; j += 1 }
                else if i < n && (j == m || lengths[(i + 1) * (m + 1) + j] >= lengths[i * (m + 1) + j + 1]) { ops.append((.delete(prefix + i), am[i])); i += 1 }
                else { ops.append((.insert(prefix + j), bm[j])); j += 1 }
            }
        }
        let oldBase = a.count - suffix, newBase = b.count - suffix
        ops += (0..<suffix).map { (.equal(oldBase + $0, newBase + $0), a[oldBase + $0]) }
        return ops
    }

    /// Linear-memory edit script for large middles: resynchronises after local insertions, deletions and
    /// replacements (the only edits proposers make). Always a correct script; minimal for local edits.
    package static func greedy(_ a: [Substring], _ b: [Substring], base: Int) -> [(Op, Substring)] {
        var ops: [(Op, Substring)] = []
        var i = 0, j = 0
        let window = 400
        func agrees(_ x: Int, _ y: Int) -> Bool {
            var k = 0
            while k < 3 && x + k < a.count && y + k < b.count { if a[x + k] != b[y + k] { return false }; k += 1 }
            return x + k == a.count || y + k == b.count || k == 3
        }
        while i < a.count && j < b.count {
            if a[i] == b[j] { ops.append((.equal(base + i, base + j), a[i])); i += 1; j += 1; continue }
            var step: (del: Int, ins: Int)?
            search: for d in 1...window {
                for del in 0...d {
                    let ins = d - del
                    if i + del <= a.count && j + ins <= b.count && (i + del == a.count || j + ins == b.count ? i + del == a.count && j + ins == b.count : agrees(i + del, j + ins)) {
                        step = (del, ins); break search
                    }
                }
            }
            let s = step ?? (a.count - i, b.count - j)
            for k in 0..<s.del { ops.append((.delete(base + i + k), a[i + k])) }
            for k in 0..<s.ins { ops.append((.insert(base + j + k), b[j + k])) }
            i += s.del; j += s.ins
        }
        while i < a.count { ops.append((.delete(base + i), a[i])); i += 1 }
        while j < b.count { ops.append((.insert(base + j), b[j])); j += 1 }
        return ops
    }

    package struct Hunk { package var header: String; package var lines: [String] }

    package static func hunks(_ ops: [(Op, Substring)]) -> [Hunk] {
        let changed = ops.indices.filter { if case .equal = ops[$0].0 { return false }; return true }
        guard !changed.isEmpty else { return [] }
        // Group changes whose context windows touch.
        var groups: [(Int, Int)] = []
        for c in changed {
            if let last = groups.last, c - last.1 <= 2 * context { groups[groups.count - 1].1 = c } else { groups.append((c, c)) }
        }
        var out: [Hunk] = []
        for (first, last) in groups {
            let lo = max(0, first - context), hi = min(ops.count - 1, last + context)
            var oldStart = -1, newStart = -1, oldCount = 0, newCount = 0
            var lines: [String] = []
            // Line numbers of the positions before the hunk, for empty sides.
            var oldBefore = 0, newBefore = 0
            for k in 0..<lo {
                switch ops[k].0 { case .equal: oldBefore += 1; newBefore += 1; case .delete: oldBefore += 1; case .insert: newBefore += 1 }
            }
            for k in lo...hi {
                let (op, text) = ops[k]
                switch op {
                case let .equal(o, n):
                    if oldStart < 0 { oldStart = o }; if newStart < 0 { newStart = n }
                    oldCount += 1; newCount += 1; lines.append(render(" ", text))
                case let .delete(o):
                    if oldStart < 0 { oldStart = o }
                    oldCount += 1; lines.append(render("-", text))
                case let .insert(n):
                    if newStart < 0 { newStart = n }
                    newCount += 1; lines.append(render("+", text))
                }
            }
            let os = oldCount == 0 ? oldBefore : oldStart + 1
            let ns = newCount == 0 ? newBefore : newStart + 1
            out.append(Hunk(header: "@@ -\(os),\(oldCount) +\(ns),\(newCount) @@\n", lines: lines))
        }
        return out
    }
}
