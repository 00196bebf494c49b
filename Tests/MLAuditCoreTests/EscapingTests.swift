import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Repository text rendered into a table, a list and code spans, then read back with an independent reader.
final class EscapingTests: XCTestCase {
    static let nonUTF8Name = String(decoding: [0x6D, 0x6F, 0x64, 0xFF, 0xFE, 0x2E, 0x70, 0x79, 0xC3], as: UTF8.self)

    static let adversarial: [String] = [
        "train model.py", "line1\nline2.py", "crlf\r\nname", "cr\ronly", "a|b|c.py", "|leading", "trailing|", "\\|",
        "a\\\\|b",
        "back`tick.py", "``double``", "```", "````four", "` spaced `", " ", "", "   padded   ",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>", "<!-- comment", "</table>", "[click](http://evil.example/x)",
        "![pixel](http://evil.example/p.png)", "<http://evil.example>", "# heading", "###### h6", "- item", "+ item",
        "* item", "1. first", "12) twelfth", "> quote", "~~~", "---", "***", "___", "===", ":::", "    indented code",
        "\tindented", "&#124;", "&lt;script&gt;", "&amp;", "AT&T", "\\", "ends with backslash\\", "**bold**",
        "__init__.py",
        "_private", "snake_case_name", "a\u{0}nul", "bell\u{7}", "del\u{7F}", nonUTF8Name, "emoji 🧪 ✅",
        "\u{202E}gnp.exe",
        "para\u{2028}sep", "=== not a heading", "-not-a-list", "1.5 is a number", "!important", "|---|---|",
    ]

    /// What a reader should see: one line, controls replaced, trimmed.
    private func expectedVisible(_ s: String) -> String {
        MarkdownEscaping.singleLine(s).trimmingCharacters(in: CharacterSet(charactersIn: " "))
    }

    /// What a reader should see of a table cell: as above, except that backtick pairs already in the text are code
    /// spans (a cell keeps code spans, so renderers can pass `code(_:)` output through it), by CommonMark's rule.
    private func expectedCellVisible(_ s: String) -> String {
        let a = Array(expectedVisible(s))
        var out = ""
        var k = 0
        func run(_ i: Int) -> Int {
            var j = i
            while j < a.count && a[j] == "`" { j += 1 }
            return j - i
        }
        while k < a.count {
            guard a[k] == "`" else {
                out.append(a[k])
                k += 1
                continue
            }
            let n = run(k)
            var j = k + n
            var close: Int?
            while j < a.count {
                if a[j] == "`" {
                    let m = run(j)
                    if m == n {
                        close = j
                        break
                    }
                    j += m
                } else {
                    j += 1
                }
            }
            guard let c = close else {
                out += String(repeating: "`", count: n)
                k += n
                continue
            }
            var body = Array(a[(k + n)..<c])
            if body.count >= 2 && body.first == " " && body.last == " " && body.contains(where: { $0 != " " }) {
                body = Array(body.dropFirst().dropLast())
            }
            out += String(Self.oddBackslashRunsBeforePipeGrow(String(body)))
            k = c + n
        }
        return out
    }

    func testTableCellsKeepTheRowShapeAndRoundTrip() throws {
        let columns = 7
        var lines = [
            "| " + (1...columns).map { "C\($0)" }.joined(separator: " | ") + " |",
            "|" + String(repeating: " --- |", count: columns),
        ]
        var expected: [[String]] = []
        for (k, s) in Self.adversarial.enumerated() {
            let row = (0..<columns).map { c in Self.adversarial[(k + c * 7) % Self.adversarial.count] }
            lines.append("| " + row.map(MarkdownEscaping.cell).joined(separator: " | ") + " |")
            expected.append(row.map(expectedCellVisible))
            _ = s
        }
        let table = lines.joined(separator: "\n")
        XCTAssertEqual(table.split(separator: "\n", omittingEmptySubsequences: false).count, Self.adversarial.count + 2)
        for (r, line) in lines.dropFirst(2).enumerated() {
            let cells = MiniMarkdown.splitRow(line)
            XCTAssertEqual(cells.count, columns, "row \(r): \(line)")
            guard cells.count == columns else { continue }
            for c in 0..<columns {
                let parts = try MiniMarkdown.decode(MiniMarkdown.unescapePipes(cells[c]))
                XCTAssertEqual(MiniMarkdown.visible(parts), expected[r][c], "cell \(cells[c])")
            }
        }
        try GFMRenderer.checkIfAvailable(table, rows: Self.adversarial.count, columns: columns)
    }

    func testCodeSpansInsideCellsStayCodeAndKeepTheirContent() throws {
        for s in Self.adversarial {
            let cell = MarkdownEscaping.cell("see " + MarkdownEscaping.code(s) + " | after")
            let cells = MiniMarkdown.splitRow("| x | " + cell + " |")
            XCTAssertEqual(cells.count, 2, cell)
            let parts = try MiniMarkdown.decode(MiniMarkdown.unescapePipes(cells[1]))
            var body = MarkdownEscaping.singleLine(s)
            // The one lossy case of GFM: an odd backslash run just before a pipe shows one backslash more inside code.
            body = Self.oddBackslashRunsBeforePipeGrow(body)
            if body.isEmpty { body = " " }
            XCTAssertEqual(parts, [.text("see "), .code(body), .text(" | after")], cell)
        }
    }

    static func oddBackslashRunsBeforePipeGrow(_ s: String) -> String {
        var out = ""
        var run = 0
        for ch in s {
            if ch == "\\" {
                run += 1
                out.append(ch)
                continue
            }
            if ch == "|" && run % 2 == 1 { out.append("\\") }
            run = 0
            out.append(ch)
        }
        return out
    }

    func testListItemsCannotOpenBlocksAndRoundTrip() throws {
        for s in Self.adversarial {
            let escaped = MarkdownEscaping.inline(s)
            XCTAssertFalse(escaped.contains("\n") || escaped.contains("\r"), escaped)
            XCTAssertNil(MiniMarkdown.opensBlock(escaped), "\(s.debugDescription) -> \(escaped)")
            let parts = try MiniMarkdown.decode(escaped)
            XCTAssertEqual(MiniMarkdown.visible(parts), expectedVisible(s), escaped)
            XCTAssertFalse(
                parts.contains {
                    if case .code = $0 { return true }
                    return false
                })
        }
        let list = Self.adversarial.map { "- " + MarkdownEscaping.inline($0) }.joined(separator: "\n")
        try GFMRenderer.checkListIfAvailable(list, items: Self.adversarial.count)
    }

    func testCodeSpanHoldsExactlyTheText() throws {
        for s in Self.adversarial + ["`", "``", "a`b", "a ``` b", " `x` ", "`edge"] {
            let span = MarkdownEscaping.code(s)
            let parts = try MiniMarkdown.decode(span)
            let body = MarkdownEscaping.singleLine(s)
            XCTAssertEqual(parts, [.code(body.isEmpty ? " " : body)], "\(s.debugDescription) -> \(span)")
        }
    }

    func testFenceIsLongerThanAnyBacktickRun() {
        XCTAssertEqual(MarkdownEscaping.fence(for: "plain"), "```")
        XCTAssertEqual(MarkdownEscaping.fence(for: "x\n```\ny"), "````")
        XCTAssertEqual(MarkdownEscaping.fence(for: "``````` inline"), "````````")
        for s in Self.adversarial {
            let body = s + "\n```\n" + s
            let fence = MarkdownEscaping.fence(for: body)
            for line in body.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " }
                XCTAssertFalse(
                    trimmed.hasPrefix(fence) && trimmed.allSatisfy { $0 == "`" || $0 == " " }, "\(line) closes \(fence)"
                )
            }
        }
    }

    func testRandomAdversarialStrings() throws {
        var g = SecretFixtures.Generator(seed: 1234)
        let alphabet = Array("ab _|`\\<>[]*&#;:-+=~!\n\r\t.1)éx")
        for _ in 0..<3000 {
            let s = String((0..<Int(g.next() % 24)).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] })
            let cells = MiniMarkdown.splitRow(
                "| " + MarkdownEscaping.cell(s) + " | " + MarkdownEscaping.cell(MarkdownEscaping.code(s)) + " |")
            XCTAssertEqual(cells.count, 2, s.debugDescription)
            if cells.count == 2 {
                XCTAssertEqual(
                    MiniMarkdown.visible(try MiniMarkdown.decode(MiniMarkdown.unescapePipes(cells[0]))),
                    expectedCellVisible(s), s.debugDescription)
            }
            let item = MarkdownEscaping.inline(s)
            XCTAssertNil(MiniMarkdown.opensBlock(item), s.debugDescription)
            XCTAssertEqual(MiniMarkdown.visible(try MiniMarkdown.decode(item)), expectedVisible(s), s.debugDescription)
            let body = MarkdownEscaping.singleLine(s)
            XCTAssertEqual(
                try MiniMarkdown.decode(MarkdownEscaping.code(s)), [.code(body.isEmpty ? " " : body)],
                s.debugDescription)
        }
    }

    func testEscapingKeepsSecretShapesSoRedactionStillWorks() {
        var g = SecretFixtures.Generator(seed: 8)
        let token = "h" + "f_" + SecretFixtures.mixed(&g, SecretFixtures.upper + SecretFixtures.lower, 34)
        for rendered in [MarkdownEscaping.cell(token), MarkdownEscaping.inline(token), MarkdownEscaping.code(token)] {
            XCTAssertFalse(SecretScanner.redact(rendered).contains(token), rendered)
        }
    }
}

/// Issue 12: what reaches a terminal or a Markdown fence.
final class TerminalTextTests: XCTestCase {
    func testControlsBecomeVisibleEscapes() {
        XCTAssertEqual(TerminalText.clean("a\u{1B}]52;c;eA==\u{07}b.py"), "a\\x1B]52;c;eA==\\x07b.py")
        XCTAssertEqual(TerminalText.clean("x\u{9B}31m\u{7F}"), "x\\x9B31m\\x7F")
        XCTAssertEqual(TerminalText.clean("line\nnext\ttab"), "line\\x0Anext\ttab")
        XCTAssertEqual(TerminalText.clean("a\u{202E}b"), "a\\u{202E}b")
        XCTAssertEqual(TerminalText.clean("plain é 中"), "plain é 中")
        XCTAssertEqual(TerminalText.cleanLines("a\u{1B}[2J\nb"), "a\\x1B[2J\nb")
    }

    func testFenceBodyKeepsTabsAndLineFeedsOnly() {
        XCTAssertEqual(TerminalText.fenceBody("+x\u{1B}[0m\r\n\tkept\n"), "+x\u{FFFD}[0m\u{FFFD}\n\tkept\n")
    }
}
