import Foundation
import XCTest

@testable import MLAuditFacts

/// `MarkdownDoc.parse` takes byte-level paths for lines of plain ASCII; every answer must be the one the
/// Character-level reading (kept here as `reference`) gives, ASCII or not, CRLF or not.
final class MarkdownDocParseTests: XCTestCase {
    func testParseMatchesTheCharacterLevelReading() {
        var docs = [
            "# Title\n\nSome prose with three words and more.\n\n```bash\npip install x\n  ```  \nafter\n",
            "## H2 ##\n####### seven\n#\u{301}not a heading\n<\u{338}x y z w\n<p>html</p>\n![a](b.png \"t\") and ![c](d)\n",
            "Use `a` and `b c` and `unclosed\n~~~ Python extra\ncode\n~~~\n``~ odd\nbody\n``~\n| a |\n|a|\n---- dashes are here ok\n",
            "line one\r\nline two\r\n# not a heading: CRLF keeps one line\r\n",
            "tabs\there and\tthere word\n\t  # indented heading\u{3000}\n\u{3000}full width space lead words here\n",
            "<IMG SRC=\"x.png\" alt=\"A\">\n<img src='y.png'>\nmixed <Img alt=\"q\" src=\"z.png\"> words\n<imgx>\n",
            "```\nnever closed\n",
            "café naïve résumé words\n![é](ü.png)\n`ç` `d`\n",
            "last line with cr\r",
            "",
            "\n\n\n",
            "a\u{0085}b c d e\n\u{2028}x y z\n",
        ]
        // Random documents over the constructs' building blocks (a fixed generator: the same documents every run).
        let pieces = [
            "#", "##", "```", "~~~", "`", "~", "![", "](", ")", "[", "]", "<img src=\"", "<", ">", "|", "---", " ",
            "\t",
            "word", "Ab", "12", "é", "\u{301}", "\r", "\n", "\r\n", "\u{3000}", "alt=\"", "src='", "x.png", "\"",
        ]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<60 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int((seed >> 33) % UInt64(pieces.count))]
            }
            docs.append(text)
        }
        for text in docs {
            let fast = MarkdownDoc.parse(text: text, path: "README.md")
            let slow = Self.reference(text)
            XCTAssertEqual(fast.headings, slow.headings, text.debugDescription)
            XCTAssertEqual(fast.fences, slow.fences, text.debugDescription)
            XCTAssertEqual(fast.images, slow.images, text.debugDescription)
            XCTAssertEqual(fast.inlineCode.map(\.text), slow.inlineCode.map(\.text), text.debugDescription)
            XCTAssertEqual(fast.inlineCode.map(\.line), slow.inlineCode.map(\.line), text.debugDescription)
            XCTAssertEqual(fast.proseLines, slow.proseLines, text.debugDescription)
            XCTAssertEqual(fast.wordCount, slow.wordCount, text.debugDescription)
        }
    }

    func testASCIIHelpers() {
        XCTAssertEqual(MarkdownDoc.trimmedASCII(" \t a b \t "), "a b")
        XCTAssertEqual(MarkdownDoc.trimmedASCII(" \t "), "")
        XCTAssertTrue(MarkdownDoc.isPlainASCII("plain ~ text"))
        XCTAssertFalse(MarkdownDoc.isPlainASCII("cr\r"))
        XCTAssertFalse(MarkdownDoc.isPlainASCII("é"))
        XCTAssertEqual(MarkdownDoc.backticks("`a` ``"), 4)
        XCTAssertTrue(MarkdownDoc.hasImgTag("x <ImG"))
        XCTAssertFalse(MarkdownDoc.hasImgTag("x <im g"))
        let words = MarkdownDoc.asciiWords("ab 12\tcd  x -- ")
        XCTAssertEqual(words.withLetters, 3)  // split on spaces only: "ab", "12\tcd", "x" hold letters, "--" not
        XCTAssertEqual(words.all, 5)
    }

    /// The Character-level reading `parse` must agree with (the implementation before the byte-level paths).
    static func reference(_ text: String) -> MarkdownDoc {
        var doc = MarkdownDoc(path: "README.md")
        var fence: MarkdownDoc.Fence? = nil
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
                fence = MarkdownDoc.Fence(
                    language: String(lang.split(separator: " ").first ?? ""), startLine: n, lines: [], body: [])
                continue
            }
            if t.isEmpty { continue }
            if t.hasPrefix("#") {
                let level = t.prefix { $0 == "#" }.count
                if level <= 6 {
                    doc.headings.append(
                        MarkdownDoc.Heading(
                            level: level, text: t.dropFirst(level).trimmingCharacters(in: .whitespaces), line: n))
                    continue
                }
            }
            doc.images += referenceImages(line, n)
            let parts = line.split(separator: "`", omittingEmptySubsequences: false)
            if parts.count >= 3 {
                doc.inlineCode += stride(from: 1, to: parts.count - 1, by: 2).map { (String(parts[$0]), n) }
            }
            if t.hasPrefix("<") || t.hasPrefix("![") || t.hasPrefix("[![")
                || t.hasPrefix("|") && t.hasSuffix("|") && t.count < 4
            {
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

    static func referenceImages(_ line: String, _ n: Int) -> [MarkdownDoc.Image] {
        var out: [MarkdownDoc.Image] = []
        var rest = Substring(line)
        while let start = rest.range(of: "![") {
            let after = rest[start.upperBound...]
            guard let close = after.firstIndex(of: "]") else { break }
            let alt = String(after[..<close])
            let tail = after[after.index(after: close)...]
            if tail.hasPrefix("("), let end = tail.firstIndex(of: ")") {
                let target =
                    tail[tail.index(after: tail.startIndex)..<end].split(separator: " ").first.map(String.init) ?? ""
                out.append(MarkdownDoc.Image(alt: alt, target: target, line: n))
                rest = tail[end...]
            } else {
                rest = tail
            }
        }
        if let r = line.range(of: "<img", options: .caseInsensitive) {
            let tail = line[r.upperBound...]
            if let s = tail.range(of: "src=\"") ?? tail.range(of: "src='") {
                let v = tail[s.upperBound...].prefix { $0 != "\"" && $0 != "'" }
                var alt = ""
                if let a = tail.range(of: "alt=\"") { alt = String(tail[a.upperBound...].prefix { $0 != "\"" }) }
                out.append(MarkdownDoc.Image(alt: alt, target: String(v), line: n))
            }
        }
        return out
    }
}
