/// Escaping of repository text placed in Markdown, so repository content cannot break the report's structure.
///
/// Targets CommonMark 0.31 with the GitHub (GFM) table extension. None of the functions adds or removes a line:
/// every line ending (`\n`, `\r`, `\r\n`) becomes a space, NUL and other C0 controls, DEL and C1 controls become U+FFFD, so one call
/// yields one line. Characters ordinary in identifiers and credentials (`_` inside words, `-`, `/`, `+`, `=`) are
/// left alone, so the report stays readable and `SecretScanner.redact` still recognises secret shapes afterwards.
public enum MarkdownEscaping {
    /// Text for a table cell: no raw `|`, no newline, no raw HTML, no link or image syntax.
    /// The text may hold code spans built with `code(_:)` (they stay code spans, their `|` escaped as GFM requires);
    /// any other backtick is shown literally.
    public static func cell(_ text: String) -> String {
        var out = ""
        for segment in Segments.split(singleLine(text)) {
            switch segment {
            case .code(let fence, let body):
                out += fence + escapePipesInCode(body) + fence
            case .text(let t):
                out += escapeText(t, escapePipes: true)
            }
        }
        return out.trimmingSpaces()
    }

    /// Text inside a list item or paragraph: one line that cannot start a heading, list, fence, block quote,
    /// thematic break, setext underline, HTML block or `:::` block, and holds no raw HTML, link or code span.
    public static func inline(_ text: String) -> String {
        let body = escapeText(singleLine(text).trimmingSpaces(), escapePipes: false)
        return neutraliseBlockStart(body)
    }

    /// Inline code span holding `text`: a backtick string longer than any run inside, padded with one space when
    /// the content starts or ends with a backtick or with a space (CommonMark strips exactly one from each side).
    public static func code(_ text: String) -> String {
        let body = singleLine(text)
        if body.isEmpty { return "` `" }
        let fence = String(repeating: "`", count: longestRun(of: "`", in: body) + 1)
        // Unicode scalars, not Characters: a combining mark after a backtick or space still leaves it at the edge.
        let scalars = body.unicodeScalars
        let needsPad =
            scalars.first == "`" || scalars.last == "`"
            || (scalars.first == " " && scalars.last == " " && scalars.contains { $0 != " " })
        return needsPad ? fence + " " + body + " " + fence : fence + body + fence
    }

    /// A fence (```` ``` ```` or longer) that `body` cannot close: longer than any backtick run in it.
    public static func fence(for body: String) -> String {
        String(repeating: "`", count: max(3, longestRun(of: "`", in: body) + 1))
    }

    // MARK: - Pieces

    /// GFM splits a row at every `|` not escaped by a backslash pair, code spans included, then turns `\|` into `|`.
    /// So `|` becomes `\|`; an odd backslash run just before a pipe gets one more backslash (then shown: the one case
    /// GFM cannot show exactly); other backslashes are literal in code and stay as they are.
    package static func escapePipesInCode(_ body: String) -> String {
        let s = Array(body.unicodeScalars)
        var out = String.UnicodeScalarView()
        var k = 0
        while k < s.count {
            if s[k] == "\\" {
                var e = k
                while e < s.count && s[e] == "\\" { e += 1 }
                let run = s[k..<e]
                out.append(contentsOf: run)
                // Before a pipe the backslash count must end odd, `\|` included: exact for an even run, one extra
                // backslash shown for an odd run.
                if e < s.count && s[e] == "|" && run.count % 2 == 1 { out.append("\\") }
                k = e
            } else if s[k] == "|" {
                out.append(contentsOf: "\\|".unicodeScalars)
                k += 1
            } else {
                out.append(s[k])
                k += 1
            }
        }
        return String(out)
    }

    /// Line endings to spaces, controls to U+FFFD (tab kept as a space).
    package static func singleLine(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasCR = false
        for s in text.unicodeScalars {
            switch s.value {
            case 0x0A: if !lastWasCR { out.append(" ") }
            case 0x0D: out.append(" ")
            case 0x09: out.append(" ")
            case 0x2028, 0x2029, 0x85: out.append(" ")
            case 0x00..<0x20, 0x7F...0x9F: out.append("\u{FFFD}")  // C0, DEL and C1 (8-bit CSI/OSC)
            default: out.append(s)
            }
            lastWasCR = s.value == 0x0D
        }
        return String(out)
    }

    package static func longestRun(of c: Character, in text: String) -> Int {
        var best = 0
        var cur = 0
        for ch in text.utf8 {
            if ch == c.asciiValue! {
                cur += 1
                best = max(best, cur)
            } else {
                cur = 0
            }
        }
        return best
    }

    /// Escapes plain text: `\`, backticks, `*`, `[`, `]`, `<`, `>`, entity-like `&`, `_` at word edges,
    /// and `|` when `escapePipes`.
    package static func escapeText(_ text: String, escapePipes: Bool) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (k, s) in scalars.enumerated() {
            switch s {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "`": out.append(contentsOf: "\\`".unicodeScalars)
            case "*": out.append(contentsOf: "\\*".unicodeScalars)
            case "[": out.append(contentsOf: "\\[".unicodeScalars)
            case "]": out.append(contentsOf: "\\]".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "|" where escapePipes: out.append(contentsOf: "\\|".unicodeScalars)
            case "&" where startsEntity(scalars, k + 1): out.append(contentsOf: "&amp;".unicodeScalars)
            case "_":
                // Intraword `_` (snake_case, hf_ tokens) never delimits emphasis; only word-edge ones are escaped.
                let before = k > 0 ? scalars[k - 1] : " "
                let after = k + 1 < scalars.count ? scalars[k + 1] : " "
                if isWordScalar(before) && isWordScalar(after) {
                    out.append(s)
                } else {
                    out.append(contentsOf: "\\_".unicodeScalars)
                }
            default: out.append(s)
            }
        }
        return String(out)
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// `&name;`, `&#123;` or `&#x1F;` would be decoded as an entity.
    private static func startsEntity(_ s: [Unicode.Scalar], _ from: Int) -> Bool {
        var k = from
        while k < s.count && k - from <= 32
            && (s[k].properties.isAlphabetic || ("0"..."9").contains(s[k]) || s[k] == "#")
        { k += 1 }
        return k > from && k < s.count && s[k] == ";"
    }

    /// Escapes the first character when it could open a block: `#`, `>`, `-`, `+`, `=`, `~`, `:`, `|`, `!`
    /// (backticks, `*`, `_`, `<` are escaped already), and the delimiter of an ordered-list marker (`12.` / `3)`).
    package static func neutraliseBlockStart(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        if "#>-+=~:|!".unicodeScalars.contains(first) { return "\\" + text }
        let scalars = Array(text.unicodeScalars)
        var k = 0
        while k < scalars.count && k < 10 && ("0"..."9").contains(scalars[k]) { k += 1 }
        if k > 0 && k < 10 && k < scalars.count && (scalars[k] == "." || scalars[k] == ")") {
            var out = String.UnicodeScalarView(scalars[0..<k])
            out.append("\\")
            out.append(contentsOf: scalars[k...])
            return String(out)
        }
        return text
    }
}

extension String {
    /// Without leading and trailing spaces (the only blanks left after `singleLine`).
    fileprivate func trimmingSpaces() -> String {
        var s = Substring.UnicodeScalarView(unicodeScalars)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

extension MarkdownEscaping {
    /// A single-line inline fragment split into code spans and the text between them, by CommonMark's rule: a run
    /// of N backticks opens a code span closed by the next run of exactly N backticks; an unclosed run is text.
    package enum Segments: Equatable {
        case text(String)
        case code(fence: String, body: String)

        package static func split(_ line: String) -> [Segments] {
            let s = Array(line.unicodeScalars)
            var out: [Segments] = []
            var text = String.UnicodeScalarView()
            var i = 0
            while i < s.count {
                guard s[i] == "`" else {
                    text.append(s[i])
                    i += 1
                    continue
                }
                let open = runLength(s, i)
                if let close = closingRun(s, from: i + open, length: open) {
                    if !text.isEmpty {
                        out.append(.text(String(text)))
                        text = String.UnicodeScalarView()
                    }
                    out.append(
                        .code(
                            fence: String(repeating: "`", count: open),
                            body: String(String.UnicodeScalarView(s[(i + open)..<close]))))
                    i = close + open
                } else {
                    text.append(contentsOf: s[i..<(i + open)])
                    i += open
                }
            }
            if !text.isEmpty { out.append(.text(String(text))) }
            return out
        }

        private static func runLength(_ s: [Unicode.Scalar], _ i: Int) -> Int {
            var j = i
            while j < s.count && s[j] == "`" { j += 1 }
            return j - i
        }

        /// Start of the next backtick run of exactly `length`, at or after `from`.
        private static func closingRun(_ s: [Unicode.Scalar], from: Int, length: Int) -> Int? {
            var j = from
            while j < s.count {
                if s[j] == "`" {
                    let n = runLength(s, j)
                    if n == length { return j }
                    j += n
                } else {
                    j += 1
                }
            }
            return nil
        }
    }
}
