import Foundation
import MLAuditKit

/// Literal texts of which every match of a regular expression contains at least one, found by a conservative
/// reading of the pattern (nil when unsure). Rules test a few hundred patterns against every distinct callee,
/// assignment target and stub name of the product code; most texts hold none of a pattern's literals, and a byte
/// search answers those without the regex (which bridges each text to UTF-16 first).
///
/// The reading: a top-level or group alternation needs one of its branches' literal sets (every branch must have
/// one); a sequence needs the literal set of any one of its parts (the longest literal run, or a group's set);
/// an atom followed by `?`, `*` or `{0,…}` needs nothing. Classes, `.`, anchors and class escapes need nothing and
/// end a literal run. Nil for anything else: inline flags, back-references, `\Q`, Unicode escapes, comments,
/// unbalanced groups, non-ASCII literals.
package struct RegexLiteralSet: Sendable {
    /// Lower-cased when the pattern is matched case-insensitively; no literal contains another.
    package let literals: [[UInt8]]
    package let caseInsensitive: Bool

    package init?(_ pattern: String, caseInsensitive: Bool) {
        var parser = Parser(Array(pattern.unicodeScalars))
        guard let set = parser.alternation(), parser.i == parser.p.count, !set.isEmpty else { return nil }
        var lits = Set(set.map { caseInsensitive ? $0.lowercased() : $0 })
        // a literal that contains another is implied by it
        for a in lits where lits.contains(where: { $0 != a && a.contains($0) }) { lits.remove(a) }
        guard lits.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(\.isASCII) }) else { return nil }
        self.literals = lits.sorted().map { Array($0.utf8) }
        self.caseInsensitive = caseInsensitive
    }

    /// False only when `text` surely holds none of the literals (so the regex cannot match). A case-insensitive
    /// test of a non-ASCII text is left to the regex (Unicode case folding).
    package func mayMatch(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { h in
            if caseInsensitive {
                for b in h where b >= 0x80 { return true }
            }
            for lit in literals where Self.occurs(lit, in: h, folding: caseInsensitive) { return true }
            return false
        }
    }

    private static func occurs(_ n: [UInt8], in h: UnsafeBufferPointer<UInt8>, folding: Bool) -> Bool {
        guard n.count <= h.count else { return false }
        let first = n[0]
        var i = 0
        let last = h.count - n.count
        while i <= last {
            let b = h[i]
            if (folding ? lower(b) : b) == first {
                var k = 1
                while k < n.count, (folding ? lower(h[i + k]) : h[i + k]) == n[k] { k += 1 }
                if k == n.count { return true }
            }
            i += 1
        }
        return false
    }

    @inline(__always) private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// A recursive-descent reading of the pattern; every method returns the literal set its part needs, `[]` for
    /// "needs nothing", nil for "cannot tell" (the whole answer is then nil).
    private struct Parser {
        let p: [Unicode.Scalar]
        var i = 0
        init(_ p: [Unicode.Scalar]) { self.p = p }

        /// branch ('|' branch)*: one of the branches' sets; [] when a branch needs nothing.
        mutating func alternation() -> [String]? {
            var union: [String] = []
            var anyEmpty = false
            while true {
                guard let s = sequence() else { return nil }
                if s.isEmpty { anyEmpty = true } else { union += s }
                if i < p.count, p[i] == "|" {
                    i += 1
                    continue
                }
                break
            }
            return anyEmpty ? [] : union
        }

        /// The best set of one part: the longest shortest literal.
        mutating func sequence() -> [String]? {
            var best: [String] = []
            var run = ""
            func consider(_ s: [String]) {
                guard !s.isEmpty else { return }
                let score = s.map(\.count).min() ?? 0
                if best.isEmpty || score > (best.map(\.count).min() ?? 0) { best = s }
            }
            func endRun() {
                if !run.isEmpty { consider([run]) }
                run = ""
            }
            while i < p.count {
                let c = p[i]
                if c == "|" || c == ")" { break }
                // one atom: its literal character (nil when it is not one) or its group set
                var char: Unicode.Scalar? = nil
                var group: [String] = []
                switch c {
                case "\\":
                    guard i + 1 < p.count else { return nil }
                    let n = p[i + 1]
                    i += 2
                    if n.properties.isAlphabetic || ("0"..."9").contains(n) {
                        // class escapes and anchors need nothing; anything else (\p, \x, \1, \Q, ...) is refused
                        guard "wWdDsSbBAzZGntrf".unicodeScalars.contains(n) else { return nil }
                    } else {
                        guard n.isASCII else { return nil }
                        char = n
                    }
                case "(":
                    i += 1
                    var lookaround = false
                    if i < p.count, p[i] == "?" {
                        guard i + 1 < p.count else { return nil }
                        let k = p[i + 1]
                        if k == ":" || k == ">" {
                            i += 2
                        } else if k == "=" || k == "!" {
                            lookaround = true
                            i += 2
                        } else if k == "<", i + 2 < p.count, p[i + 2] == "=" || p[i + 2] == "!" {
                            lookaround = true
                            i += 3
                        } else {
                            return nil  // inline flags, named groups, comments
                        }
                    }
                    guard let inner = alternation(), i < p.count, p[i] == ")" else { return nil }
                    i += 1
                    group = lookaround ? [] : inner
                case "[":
                    guard let end = closeClass(from: i) else { return nil }
                    i = end + 1
                case ".", "^", "$":
                    i += 1
                case "?", "*", "+", "{":
                    return nil  // a quantifier with nothing before it
                default:
                    guard c.isASCII else { return nil }
                    char = c
                    i += 1
                }
                // its quantifier: optional (needs nothing) or repeated (needed once, the run ends after it)
                var optional = false
                var repeated = false
                if i < p.count {
                    switch p[i] {
                    case "?", "*":
                        optional = true
                        i += 1
                    case "+":
                        repeated = true
                        i += 1
                    case "{":
                        guard let close = p[i...].firstIndex(of: "}") else { return nil }
                        let body = String(String.UnicodeScalarView(p[(i + 1)..<close]))
                        let low = body.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init)
                        guard let low, let n = Int(low.trimmingCharacters(in: .whitespaces)) else { return nil }
                        if n == 0 { optional = true } else { repeated = true }
                        i = close + 1
                    default: break
                    }
                    // lazy or possessive marks
                    if (optional || repeated) && i < p.count && (p[i] == "?" || p[i] == "+") { i += 1 }
                }
                if let ch = char {
                    if optional {
                        endRun()
                    } else {
                        run.unicodeScalars.append(ch)
                        if repeated { endRun() }
                    }
                } else {
                    endRun()
                    if !optional { consider(group) }
                }
            }
            endRun()
            return best
        }

        /// Index of the `]` closing the class opened at `start` (a `]` first in the class is literal; nested classes
        /// are refused).
        func closeClass(from start: Int) -> Int? {
            var j = start + 1
            if j < p.count && p[j] == "^" { j += 1 }
            if j < p.count && p[j] == "]" { j += 1 }
            while j < p.count {
                switch p[j] {
                case "\\": j += 1
                case "[": return nil
                case "]": return j
                default: break
                }
                j += 1
            }
            return nil
        }
    }
}

/// Prefilters per (pattern, case flag), built once each.
final class RegexLiteralSets: @unchecked Sendable {
    static let shared = RegexLiteralSets()
    private let lock = NSLock()
    private var sets: [String: RegexLiteralSet?] = [:]
    private var isets: [String: RegexLiteralSet?] = [:]

    func set(_ pattern: String, caseInsensitive: Bool) -> RegexLiteralSet? {
        lock.lock()
        defer { lock.unlock() }
        if caseInsensitive {
            if let hit = isets[pattern] { return hit }
            let made = RegexLiteralSet(pattern, caseInsensitive: true)
            isets[pattern] = made
            return made
        }
        if let hit = sets[pattern] { return hit }
        let made = RegexLiteralSet(pattern, caseInsensitive: false)
        sets[pattern] = made
        return made
    }
}
