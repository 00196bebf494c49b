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
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, raw) in lines.enumerated() {
            let n = i + 1
            let line = String(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            let t = line.trimmingCharacters(in: .whitespaces)
            if var f = fence {
                if t.hasPrefix(fenceMarker)
                    && t.trimmingCharacters(in: CharacterSet(charactersIn: fenceMarker.prefix(1) + " ")).isEmpty
                {
                    doc.fences.append(f)
                    fence = nil
                } else {
                    f.lines.append(n)
                    f.body.append(line)
                    fence = f
                }
                continue
            }
            if t.hasPrefix("```") || t.hasPrefix("~~~") {
                fenceMarker = String(t.prefix { $0 == "`" || $0 == "~" })
                let lang = t.dropFirst(fenceMarker.count).trimmingCharacters(in: .whitespaces).lowercased()
                fence = Fence(
                    language: String(lang.split(separator: " ").first ?? ""), startLine: n, lines: [], body: [])
                continue
            }
            if t.isEmpty { continue }
            if t.hasPrefix("#") {
                let level = t.prefix { $0 == "#" }.count
                if level <= 6 {
                    doc.headings.append(
                        Heading(level: level, text: t.dropFirst(level).trimmingCharacters(in: .whitespaces), line: n))
                    continue
                }
            }
            doc.images += images(in: line, n: n)
            doc.inlineCode += inlineCode(in: line, n: n)
            if t.hasPrefix("<") || t.hasPrefix("![") || t.hasPrefix("[![")
                || t.hasPrefix("|") && t.hasSuffix("|") && t.count < 4
            {
                continue
            }
            // prose: at least three words with letters (not rules, tables of symbols or HTML fragments)
            if t.split(separator: " ").filter({ $0.contains(where: \.isLetter) }).count >= 3 && !t.hasPrefix("---") {
                doc.proseLines.append(n)
            }
            doc.wordCount += t.split(whereSeparator: { $0 == " " || $0 == "\t" }).count
        }
        if let f = fence { doc.fences.append(f) }
        return doc
    }

    private static func images(in line: String, n: Int) -> [Image] {
        var out: [Image] = []
        // ![alt](target)
        var rest = Substring(line)
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
        // <img src="...">
        if line.utf8.contains(UInt8(ascii: "<")), let r = line.range(of: "<img", options: .caseInsensitive) {
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

    private static func inlineCode(in line: String, n: Int) -> [(text: String, line: Int)] {
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
