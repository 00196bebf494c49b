import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The longest literal text every match of a regular expression must contain, found by a conservative reading of
/// the pattern (nil when unsure). `containsMatch` checks it with a byte search before running the regex: most
/// strings a rule tests (callees, argument texts) lack it, and the byte search costs no UTF-16 bridging.
///
/// Nil for: a top-level `|`; inline flags `(?i)`; `\Q`; escapes other than punctuation and the atoms
/// `\b \B \w \W \d \D \s \S \A \z \Z \G \n \t \r \f`; an unbalanced group or class; non-ASCII literal text; or no
/// literal run of at least 3 characters outside every group and class. Groups and classes are skipped (their
/// content may be optional or alternative); a character followed by `?`, `*` or `{` is dropped from its run.
enum RequiredLiteral {
    static func extract(_ pattern: String) -> String? {
        let p = Array(pattern.unicodeScalars)
        var runs: [String] = []
        var run = ""
        func finish() {
            if run.count >= 3 { runs.append(run) }
            run = ""
        }
        var i = 0
        while i < p.count {
            let c = p[i]
            switch c {
            case "\\":
                guard i + 1 < p.count else { return nil }
                let n = p[i + 1]
                if n.properties.isAlphabetic || ("0"..."9").contains(n) {
                    guard "bBwWdDsSAzZGntrf".unicodeScalars.contains(n) else { return nil }
                    finish()
                } else {
                    guard n.isASCII else { return nil }
                    run.unicodeScalars.append(n)
                }
                i += 2
                continue
            case "(":
                finish()
                if i + 1 < p.count && p[i + 1] == "?" {
                    // only non-capturing and look-around groups: flags change how the rest reads
                    guard i + 2 < p.count, [":", "=", "!", "<"].contains(p[i + 2]) else { return nil }
                }
                guard let end = closeGroup(p, from: i) else { return nil }
                i = end + 1
                continue
            case "[":
                finish()
                guard let end = closeClass(p, from: i) else { return nil }
                i = end + 1
                continue
            case "|", ")":
                return nil
            case "?", "*", "{":
                if !run.isEmpty { run.unicodeScalars.removeLast() }
                finish()
                if c == "{" {
                    guard let close = p[i...].firstIndex(of: "}") else { return nil }
                    i = close + 1
                    continue
                }
            case "+", ".", "^", "$":
                finish()
            default:
                guard c.isASCII else { return nil }
                run.unicodeScalars.append(c)
            }
            i += 1
        }
        finish()
        return runs.max { $0.count < $1.count }
    }

    /// Index of the `)` closing the group opened at `start`.
    private static func closeGroup(_ p: [Unicode.Scalar], from start: Int) -> Int? {
        var depth = 0
        var i = start
        while i < p.count {
            switch p[i] {
            case "\\": i += 1
            case "[":
                guard let e = closeClass(p, from: i) else { return nil }
                i = e
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return i }
            default: break
            }
            i += 1
        }
        return nil
    }

    /// Index of the `]` closing the class opened at `start` (a `]` first in the class is literal; nested classes
    /// are refused).
    private static func closeClass(_ p: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start + 1
        if i < p.count && p[i] == "^" { i += 1 }
        if i < p.count && p[i] == "]" { i += 1 }
        while i < p.count {
            switch p[i] {
            case "\\": i += 1
            case "[": return nil
            case "]": return i
            default: break
            }
            i += 1
        }
        return nil
    }

    /// Whether `haystack` may match: false only when it surely lacks `literal`. Case-insensitive search folds ASCII
    /// letters only, so a non-ASCII haystack is always handed to the regex.
    static func mayMatch(_ haystack: String, literal: [UInt8], caseInsensitive: Bool) -> Bool {
        var s = haystack
        return s.withUTF8 { h in
            guard h.count >= literal.count, let base = h.baseAddress else { return false }
            if !caseInsensitive {
                return literal.withUnsafeBufferPointer { n in
                    let first = Int32(n[0])
                    var at = 0
                    let last = h.count - n.count
                    while at <= last {
                        guard let hit = memchr(base + at, first, last - at + 1) else { return false }
                        let k = UnsafeRawPointer(hit).assumingMemoryBound(to: UInt8.self) - base
                        if memcmp(base + k, n.baseAddress!, n.count) == 0 { return true }
                        at = k + 1
                    }
                    return false
                }
            }
            var ascii = true
            for b in h where b >= 0x80 {
                ascii = false
                break
            }
            if !ascii { return true }
            @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            let last = h.count - literal.count
            var at = 0
            while at <= last {
                var k = 0
                while k < literal.count && lower(h[at + k]) == literal[k] { k += 1 }
                if k == literal.count { return true }
                at += 1
            }
            return false
        }
    }
}
