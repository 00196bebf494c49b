import Foundation

/// The words that make a comment or a message a stub marker (rubric "Stubs").
///
/// Comments: TODO, FIXME, XXX and HACK as whole words anywhere in a real comment.
/// - Uppercase is the marker. Lowercase/mixed-case `todo`, `fixme`, `hack` also count but are reported as
///   borderline (the devset lists the lowercase "# torch distributed hack" as a todo_comment, borderline).
///   `xxx` only counts uppercase (lowercase x-runs are placeholders in examples, not markers).
/// - A comment naming two or more different markers ("TODO/FIXME", `TODO|XXX`) or quoting one ("`TODO`",
///   "'TODO'") talks about markers, as a scanner's keyword list does: not a stub.
/// Messages (raise/return/log strings): "not implemented", "not yet implemented", "unimplemented",
/// "coming soon", "placeholder" (not "placeholder token(s)"), and the words TODO / stub, in any case.
/// A message that is only a keyword ("TODO"), or lists several markers, or looks like a regex is a
/// scanner's keyword, not a message.
enum StubMarkers {
    struct CommentMarker: Equatable {
        var marker: String  // uppercase form: "TODO", "FIXME", "XXX", "HACK"
        var uppercase: Bool  // false -> borderline
    }

    static let commentWords = ["TODO", "FIXME", "XXX", "HACK"]

    /// The marker of a comment (or a markdown line when `uppercaseOnly`), nil when it is not a stub marker.
    static func commentMarker(_ text: String, uppercaseOnly: Bool = false) -> CommentMarker? {
        if asciiWithoutCommentWord(text) { return nil }
        var found: [CommentMarker] = []
        var quoted = false
        for (word, before, after) in words(of: text) {
            let upper = word.uppercased()
            guard commentWords.contains(upper) else { continue }
            let isUpper = word == upper
            if !isUpper && (uppercaseOnly || upper == "XXX") { continue }
            if isQuote(before) || isQuote(after) { quoted = true }
            if !found.contains(where: { $0.marker == upper }) {
                found.append(CommentMarker(marker: upper, uppercase: isUpper))
            }
        }
        guard found.count == 1, !quoted else { return nil }
        return found[0]
    }

    /// True when a raise/return/log message says the code is not implemented or a placeholder.
    /// `bareKeywordCounts`: a one-word message ("TODO") counts (raises); returns leave it out, since a
    /// function returning "TODO" is as likely a scanner's keyword.
    static func isPlaceholderMessage(_ message: String, bareKeywordCounts: Bool = false) -> Bool {
        let lower = message.lowercased()
        // A message is one only through a phrase below or the word "todo", "stub" or "placeholder": text holding
        // none of their bytes is not (a byte search, before the Unicode trimming and word split).
        guard mayHoldPlaceholderWord(lower) else { return false }
        let trimmed = lower.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return false }
        if trimmed.contains("\\b") || trimmed.contains("(?") || trimmed.contains("|") { return false }
        let ws = words(of: lower).map { $0.word }
        if ws.count <= 1 && !bareKeywordCounts { return false }  // a bare keyword literal: "TODO", "stub"
        let markerCount = Set(ws.filter { ["todo", "fixme", "xxx", "hack"].contains($0) }).count
        if markerCount >= 2 { return false }
        for phrase in [
            "not implemented", "not yet implemented", "unimplemented", "not been implemented",
            "coming soon", "not implemented yet",
        ] where lower.contains(phrase) {
            return true
        }
        for (i, w) in ws.enumerated() {
            if w == "todo" || w == "stub" { return true }
            if w == "placeholder" {
                let next = i + 1 < ws.count ? ws[i + 1] : ""
                // "placeholder token(s)", "a placeholder for a shape": the word names a value, not unfinished code
                if !["token", "tokens", "for", "tensor", "tensors", "value", "values"].contains(next) { return true }
            }
        }
        return false
    }

    static let placeholderNeedles: [[UInt8]] = ["implemented", "coming soon", "todo", "stub", "placeholder"].map {
        Array($0.utf8)
    }

    /// False only when `lower` contains none of the bytes of the phrases and words `isPlaceholderMessage` accepts
    /// (every phrase holds "implemented" or "coming soon").
    static func mayHoldPlaceholderWord(_ lower: String) -> Bool {
        var t = lower
        return t.withUTF8 { h in
            placeholderNeedles.contains { n in
                guard h.count >= n.count else { return false }
                let first = n[0]
                var i = 0
                while i + n.count <= h.count {
                    if h[i] == first {
                        var k = 1
                        while k < n.count && h[i + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// ASCII text holding none of the comment words in any case has no marker (skips the Unicode word split).
    static func asciiWithoutCommentWord(_ text: String) -> Bool {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            if b >= 0x80 { return false }
            bytes.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        for w in asciiCommentWords where contains(bytes, w) { return false }
        return true
    }
    private static let asciiCommentWords: [[UInt8]] = ["todo", "fixme", "xxx", "hack"].map { Array($0.utf8) }
    private static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard hay.count >= needle.count else { return false }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            var j = 1
            while j < needle.count && hay[i + j] == needle[j] { j += 1 }
            if j == needle.count { return true }
        }
        return false
    }

    /// Words (letters, digits, underscore) with the characters just before and after them.
    static func words(of text: String) -> [(word: String, before: Character?, after: Character?)] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(of: Array(text.utf8)) }
        var out: [(String, Character?, Character?)] = []
        var current = ""
        var before: Character? = nil
        var previous: Character? = nil
        for c in text {
            if c.isLetter || c.isNumber || c == "_" {
                if current.isEmpty { before = previous }
                current.append(c)
            } else {
                if !current.isEmpty {
                    out.append((current, before, c))
                    current = ""
                }
            }
            previous = c
        }
        if !current.isEmpty { out.append((current, before, nil)) }
        return out
    }

    /// `words(of:)` for ASCII text, by bytes (a CR LF pair is one character, as in the `Character` walk).
    private static func asciiWords(of b: [UInt8]) -> [(word: String, before: Character?, after: Character?)] {
        var out: [(String, Character?, Character?)] = []
        var start = -1
        var before: Character? = nil
        var previous: Character? = nil
        var i = 0
        while i < b.count {
            let c = b[i]
            let isWord = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
            let ch: Character = c == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A ? "\r\n" : Character(Unicode.Scalar(c))
            if isWord {
                if start < 0 {
                    start = i
                    before = previous
                }
            } else if start >= 0 {
                out.append((String(decoding: b[start..<i], as: UTF8.self), before, ch))
                start = -1
            }
            previous = ch
            i += ch == "\r\n" ? 2 : 1
        }
        if start >= 0 { out.append((String(decoding: b[start..<b.count], as: UTF8.self), before, nil)) }
        return out
    }

    private static func isQuote(_ c: Character?) -> Bool {
        c == "\"" || c == "'" || c == "`"
    }
}
