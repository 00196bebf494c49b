import MLAuditKit

/// The distinct words of a vocabulary that rules test patterns against (product callees, their last components,
/// assignment target leaves), each with a 64-bit set of the byte pairs it holds, as written and with ASCII letters
/// lower-cased. A pattern's literals (`RegexLiteralSet`) then rule most words out with two AND operations each: a word
/// lacking a pair of every literal holds none of them, so neither the byte search nor the regex can match it. Every
/// other word goes through `RuleContext.vocabularyFilter` unchanged, so `matching` gives exactly the words the filter
/// keeps, in vocabulary order.
package struct VocabularyIndex: Sendable {
    package let words: [String]
    /// Byte pairs of each word as written.
    private let pairs: [UInt64]
    /// Byte pairs of each word with `A`-`Z` lower-cased; all bits set for a word with a non-ASCII byte, which a
    /// case-insensitive pattern always hands to the regex (Unicode case folding).
    private let foldedPairs: [UInt64]

    package init(_ words: [String]) {
        self.words = words
        var pairs: [UInt64] = []
        var folded: [UInt64] = []
        pairs.reserveCapacity(words.count)
        folded.reserveCapacity(words.count)
        for w in words {
            var w = w
            let (p, f) = w.withUTF8 { b -> (UInt64, UInt64) in
                var p: UInt64 = 0
                var f: UInt64 = 0
                var ascii = true
                for i in b.indices {
                    if b[i] >= 0x80 { ascii = false }
                    guard i > 0 else { continue }
                    p |= Self.bit(b[i - 1], b[i])
                    f |= Self.bit(Self.lower(b[i - 1]), Self.lower(b[i]))
                }
                return (p, ascii ? f : ~0)
            }
            pairs.append(p)
            folded.append(f)
        }
        self.pairs = pairs
        self.foldedPairs = folded
    }

    @inline(__always) static func bit(_ a: UInt8, _ b: UInt8) -> UInt64 {
        1 << UInt64(((UInt32(a) << 8 | UInt32(b)) &* 0x9E37_79B1) >> 26)
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// The byte pairs of a literal (as `RegexLiteralSet` holds it: lower-cased for a case-insensitive pattern).
    static func mask(_ literal: [UInt8]) -> UInt64 {
        var m: UInt64 = 0
        for i in literal.indices.dropFirst() { m |= bit(literal[i - 1], literal[i]) }
        return m
    }

    /// The words `keep` (the pattern's `vocabularyFilter`) keeps, in order; `literals` is the pattern's literal set.
    package func matching(literals: RegexLiteralSet?, _ keep: (String) -> Bool) -> [String] {
        // Without a literal set, or with a one-byte literal (no pair to test), every word goes to the filter.
        guard let literals, literals.literals.allSatisfy({ $0.count >= 2 }) else { return words.filter(keep) }
        let masks = literals.literals.map(Self.mask)
        let held = literals.caseInsensitive ? foldedPairs : pairs
        var out: [String] = []
        for i in words.indices {
            let have = held[i]
            guard masks.contains(where: { have & $0 == $0 }) else { continue }
            if keep(words[i]) { out.append(words[i]) }
        }
        return out
    }
}
