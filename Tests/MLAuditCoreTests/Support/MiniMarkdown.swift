import Foundation

/// An independent, deliberately small reader of the Markdown the report emits, used as a test oracle:
/// GFM table-row splitting (as cmark-gfm does it), CommonMark block-start detection, and an inline decoder for
/// backslash escapes, entities and code spans that refuses raw HTML, link, emphasis and unescaped backtick syntax.
enum MiniMarkdown {
    struct Violation: Error, CustomStringConvertible { let description: String }

    enum Inline: Equatable { case text(String), code(String) }

    /// Splits a table row into raw cell contents: `\` followed by any character is a pair, an unpaired `|` separates.
    static func splitRow(_ line: String) -> [String] {
        var s = Array(line.unicodeScalars)
        if s.first == "|" { s.removeFirst() }
        var cells: [String] = []
        var cur = String.UnicodeScalarView()
        var k = 0
        var trailingPipe = false
        while k < s.count {
            if s[k] == "\\" && k + 1 < s.count {
                cur.append(s[k])
                cur.append(s[k + 1])
                k += 2
                continue
            }
            if s[k] == "|" {
                cells.append(String(cur))
                cur = String.UnicodeScalarView()
                k += 1
                trailingPipe = k == s.count
                continue
            }
            cur.append(s[k])
            k += 1
        }
        if !trailingPipe { cells.append(String(cur)) }
        return cells.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// cmark-gfm's `unescape_pipes`: every `\|` becomes `|`, before inline parsing.
    static func unescapePipes(_ s: String) -> String {
        let a = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var k = 0
        while k < a.count {
            if a[k] == "\\" && k + 1 < a.count && a[k + 1] == "|" { k += 1 }
            out.append(a[k])
            k += 1
        }
        return String(out)
    }

    static let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)

    /// Decodes one line of inline Markdown into text and code spans. Throws on syntax the escaper must never leave:
    /// raw `<`, unescaped `[`, `]`, `*`, a word-edge `_`, an unmatched backtick run, an undecoded entity.
    static func decode(_ line: String) throws -> [Inline] {
        let s = Array(line.unicodeScalars)
        var out: [Inline] = []
        var text = String.UnicodeScalarView()
        func flush() {
            if !text.isEmpty {
                out.append(.text(String(text)))
                text = String.UnicodeScalarView()
            }
        }
        var k = 0
        while k < s.count {
            let c = s[k]
            if c == "\\" && k + 1 < s.count && punctuation.contains(s[k + 1]) {
                text.append(s[k + 1])
                k += 2
                continue
            }
            if c == "`" {
                var e = k
                while e < s.count && s[e] == "`" { e += 1 }
                let n = e - k
                var j = e
                var close: Int?
                while j < s.count {
                    if s[j] == "`" {
                        var f = j
                        while f < s.count && s[f] == "`" { f += 1 }
                        if f - j == n {
                            close = j
                            break
                        }
                        j = f
                    } else {
                        j += 1
                    }
                }
                guard let end = close else {
                    throw Violation(description: "unmatched backtick run at \(k) in \(line.debugDescription)")
                }
                var body = Array(s[e..<end])
                if body.count >= 2 && body.first == " " && body.last == " " && body.contains(where: { $0 != " " }) {
                    body = Array(body.dropFirst().dropLast())
                }
                flush()
                out.append(.code(String(String.UnicodeScalarView(body))))
                k = end + n
                continue
            }
            if c == "&" {
                var e = k + 1
                while e < s.count && e - k < 34 && s[e] != ";"
                    && (s[e].properties.isAlphabetic || ("0"..."9").contains(s[e]) || s[e] == "#")
                { e += 1 }
                if e < s.count && s[e] == ";" && e > k + 1 {
                    let name = String(String.UnicodeScalarView(s[(k + 1)..<e]))
                    switch name {
                    case "lt": text.append("<")
                    case "gt": text.append(">")
                    case "amp": text.append("&")
                    default: throw Violation(description: "raw entity &\(name); in \(line.debugDescription)")
                    }
                    k = e + 1
                    continue
                }
            }
            if c == "<" { throw Violation(description: "raw < (HTML or autolink) in \(line.debugDescription)") }
            if c == "[" || c == "]" || c == "*" {
                throw Violation(description: "raw \(c) (link or emphasis) in \(line.debugDescription)")
            }
            if c == "_" {
                let before = k > 0 ? s[k - 1] : " "
                let after = k + 1 < s.count ? s[k + 1] : " "
                let word = { (x: Unicode.Scalar) in x.properties.isAlphabetic || x.properties.numericType != nil }
                if !(word(before) && word(after)) {
                    throw Violation(description: "word-edge _ in \(line.debugDescription)")
                }
            }
            text.append(c)
            k += 1
        }
        flush()
        return out
    }

    /// The visible text of decoded inlines (code span content shown as is).
    static func visible(_ parts: [Inline]) -> String {
        parts.map {
            if case .text(let t) = $0 { return t } else if case .code(let c) = $0 { return c }
            return ""
        }.joined()
    }

    /// Would this line (as the content after a list marker, or as a paragraph line) open a block other than a
    /// paragraph, or turn the line before into a setext heading? Independent of the escaper's code.
    static func opensBlock(_ line: String) -> String? {
        let checks: [(String, String)] = [
            ("ATX heading", "^ {0,3}#{1,6}([ \\t]|$)"), ("bullet list", "^ {0,3}[-+*]([ \\t]|$)"),
            ("ordered list", "^ {0,3}[0-9]{1,9}[.)]([ \\t]|$)"), ("block quote", "^ {0,3}>"),
            ("fence", "^ {0,3}(`{3,}|~{3,})"), ("thematic break", "^ {0,3}([-*_])([ \\t]*\\1){2,}[ \\t]*$"),
            ("setext underline", "^ {0,3}(=+|-+)[ \\t]*$"), ("HTML block", "^ {0,3}<"), ("container", "^ {0,3}:::"),
            ("indented code", "^( {4}|\\t)"), ("table row", "^ {0,3}\\|"),
        ]
        for (name, pattern) in checks where line.range(of: pattern, options: .regularExpression) != nil { return name }
        return nil
    }
}
