import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Structure of one Markdown document: headings, fenced blocks, images, inline code, prose lines.
public struct MarkdownDoc: Sendable {
    public struct Heading: Sendable, Hashable {
        public var level: Int
        public var text: String
        public var line: Int
    }
    public struct Fence: Sendable, Hashable {
        public var language: String
        public var startLine: Int  // the ``` line
        public var lines: [Int]  // body line numbers
        public var body: [String]
    }
    public struct Image: Sendable, Hashable {
        public var alt: String
        public var target: String
        public var line: Int
    }

    public var path: String
    public var headings: [Heading] = []
    public var fences: [Fence] = []
    public var images: [Image] = []
    /// Inline `code` spans with their line.
    public var inlineCode: [(text: String, line: Int)] = []
    /// Non-blank lines outside fences that are not headings, images, HTML or badges.
    public var proseLines: [Int] = []
    public var wordCount = 0

    public static func parse(text: String, path: String) -> MarkdownDoc {
        var doc = MarkdownDoc(path: path)
        var fence: Fence? = nil
        var fenceMarker = ""
        // `splitLines` splits as `split(separator: "\n", omittingEmptySubsequences: false)` does and drops a last
        // line's trailing "\r" (no other line can end in one: "\r\n" is one Character, so it never splits).
        for (i, line) in RepositoryFacts.splitLines(text).enumerated() {
            let n = i + 1
            // A line of ASCII without "\r" (nearly every line) has one Character per byte: the byte-level paths below
            // give the answers the Character-level and Foundation code gives, which every other line still takes.
            let ascii = isPlainASCII(line)
            let t: Substring = ascii ? trimmedASCII(line) : Substring(String(line).trimmingCharacters(in: .whitespaces))
            let lead = t.utf8.first
            let fenceLead = lead == UInt8(ascii: "`") || lead == UInt8(ascii: "~")
            if var f = fence {
                // Closing needs the marker first, so an ASCII line that does not start with `` ` `` or `~` is body.
                if (!ascii || fenceLead) && t.hasPrefix(fenceMarker)
                    && t.trimmingCharacters(in: CharacterSet(charactersIn: fenceMarker.prefix(1) + " ")).isEmpty
                {
                    doc.fences.append(f)
                    fence = nil
                } else {
                    f.lines.append(n)
                    f.body.append(String(line))
                    fence = f
                }
                continue
            }
            if fenceLead && (t.hasPrefix("```") || t.hasPrefix("~~~")) {
                fenceMarker = String(t.prefix { $0 == "`" || $0 == "~" })
                let lang = t.dropFirst(fenceMarker.count).trimmingCharacters(in: .whitespaces).lowercased()
                fence = Fence(
                    language: String(lang.split(separator: " ").first ?? ""), startLine: n, lines: [], body: [])
                continue
            }
            if t.isEmpty { continue }
            // The first Character is `#` (or `<`): for ASCII, the first byte; otherwise a combining mark after it
            // would make it another Character.
            if ascii ? lead == UInt8(ascii: "#") : t.hasPrefix("#") {
                let level = t.prefix { $0 == "#" }.count
                if level <= 6 {
                    let rest = t.dropFirst(level)
                    let text = ascii ? String(trimmedASCII(rest)) : rest.trimmingCharacters(in: .whitespaces)
                    doc.headings.append(Heading(level: level, text: text, line: n))
                    continue
                }
            }
            doc.images += images(in: line, n: n, ascii: ascii)
            if !ascii || backticks(line) >= 2 { doc.inlineCode += inlineCode(in: line, n: n) }
            if (ascii ? lead == UInt8(ascii: "<") : t.hasPrefix("<")) || t.hasPrefix("![") || t.hasPrefix("[![")
                || t.hasPrefix("|") && t.hasSuffix("|") && t.count < 4
            {
                continue
            }
            // prose: at least three words with letters (not rules, tables of symbols or HTML fragments)
            if ascii {
                let words = asciiWords(t)
                if words.withLetters >= 3 && !t.hasPrefix("---") { doc.proseLines.append(n) }
                doc.wordCount += words.all
                continue
            }
            if t.split(separator: " ").filter({ $0.contains(where: \.isLetter) }).count >= 3 && !t.hasPrefix("---") {
                doc.proseLines.append(n)
            }
            doc.wordCount += t.split(whereSeparator: { $0 == " " || $0 == "\t" }).count
        }
        if let f = fence { doc.fences.append(f) }
        return doc
    }

    /// True when every byte of `line` is ASCII and none is "\r" (which would pair with a "\n" into one Character).
    static func isPlainASCII(_ line: Substring) -> Bool {
        for b in line.utf8 where b >= 0x80 || b == 0x0D { return false }
        return true
    }

    /// `line` without leading and trailing spaces and tabs: for ASCII, what `trimmingCharacters(in: .whitespaces)`
    /// removes (Unicode category Zs and the tab; the only ASCII one of Zs is the space).
    static func trimmedASCII(_ line: Substring) -> Substring {
        let u = line.utf8
        var start = u.startIndex
        var end = u.endIndex
        while start < end, u[start] == 0x20 || u[start] == 0x09 { start = u.index(after: start) }
        while end > start {
            let before = u.index(before: end)
            guard u[before] == 0x20 || u[before] == 0x09 else { break }
            end = before
        }
        return line[start..<end]
    }

    /// How many "`" bytes `line` holds.
    static func backticks(_ line: Substring) -> Int {
        var count = 0
        for b in line.utf8 where b == UInt8(ascii: "`") { count += 1 }
        return count
    }

    /// For an ASCII line: its words split on spaces (`split(separator: " ")`) that hold a letter, and its words
    /// split on spaces and tabs.
    static func asciiWords(_ t: Substring) -> (withLetters: Int, all: Int) {
        var withLetters = 0
        var all = 0
        var inSpaceWord = false
        var spaceWordHasLetter = false
        var inWord = false
        for b in t.utf8 {
            if b == 0x20 {
                if inSpaceWord && spaceWordHasLetter { withLetters += 1 }
                inSpaceWord = false
                spaceWordHasLetter = false
            } else {
                inSpaceWord = true
                if (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") { spaceWordHasLetter = true }
            }
            if b == 0x20 || b == 0x09 {
                inWord = false
            } else if !inWord {
                inWord = true
                all += 1
            }
        }
        if inSpaceWord && spaceWordHasLetter { withLetters += 1 }
        return (withLetters, all)
    }

    private static func images(in line: Substring, n: Int, ascii: Bool) -> [Image] {
        var out: [Image] = []
        // ![alt](target)
        var rest = line
        while rest.fastContains("!["), let start = rest.range(of: "![") {
            let after = rest[start.upperBound...]
            guard let close = after.firstIndex(of: "]") else { break }
            let alt = String(after[..<close])
            let tail = after[after.index(after: close)...]
            if tail.hasPrefix("("), let end = tail.firstIndex(of: ")") {
                let target =
                    tail[tail.index(after: tail.startIndex)..<end].split(separator: " ").first.map(String.init) ?? ""
                out.append(Image(alt: alt, target: target, line: n))
                rest = tail[end...]
            } else {
                rest = tail
            }
        }
        // <img src="..."> (an ASCII line without "<img" in any letter case has none: skip Foundation's search)
        if line.utf8.contains(UInt8(ascii: "<")), !ascii || hasImgTag(line),
            let r = line.range(of: "<img", options: .caseInsensitive)
        {
            let tail = line[r.upperBound...]
            if let s = tail.range(of: "src=\"") ?? tail.range(of: "src='") {
                let v = tail[s.upperBound...].prefix { $0 != "\"" && $0 != "'" }
                var alt = ""
                if let a = tail.range(of: "alt=\"") { alt = String(tail[a.upperBound...].prefix { $0 != "\"" }) }
                out.append(Image(alt: alt, target: String(v), line: n))
            }
        }
        return out
    }

    /// Whether the bytes of `line` hold "<img" in any ASCII letter case.
    static func hasImgTag(_ line: Substring) -> Bool {
        let u = Array(line.utf8)
        guard u.count >= 4 else { return false }
        for i in 0...(u.count - 4) where u[i] == UInt8(ascii: "<") {
            if u[i + 1] | 0x20 == UInt8(ascii: "i") && u[i + 2] | 0x20 == UInt8(ascii: "m")
                && u[i + 3] | 0x20 == UInt8(ascii: "g")
            {
                return true
            }
        }
        return false
    }

    private static func inlineCode(in line: Substring, n: Int) -> [(text: String, line: Int)] {
        let parts = line.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return [] }
        return stride(from: 1, to: parts.count - 1, by: 2).map { (String(parts[$0]), n) }
    }

    /// Lines that look like shell commands: fenced shell/console bodies and inline code spans.
    public var commandLines: [(text: String, line: Int)] {
        var out: [(String, Int)] = []
        for f in fences
        where ["", "bash", "sh", "shell", "console", "zsh", "text", "commandline", "cmd"].contains(f.language) {
            for (l, b) in zip(f.lines, f.body) {
                var t = b.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("$ ") { t = String(t.dropFirst(2)) }
                if t.isEmpty || t.hasPrefix("#") { continue }
                out.append((t, l))
            }
        }
        out += inlineCode
        return out
    }
}
