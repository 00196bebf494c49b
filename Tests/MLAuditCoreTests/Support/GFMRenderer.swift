import Foundation
import XCTest

/// A second opinion from the reference GFM implementation, when `cmark-gfm` is installed (Debian package
/// `cmark-gfm`). Without it the check is reported as skipped; the structural checks of `MiniMarkdown` still run.
enum GFMRenderer {
    static var executable: String? {
        ["/usr/bin/cmark-gfm", "/usr/local/bin/cmark-gfm"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func html(_ markdown: String) throws -> String? {
        guard let exe = executable else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        // --unsafe: raw HTML is rendered as is (not replaced by a comment), so any that got through is visible here.
        p.arguments = ["--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough"]
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        // Write and read concurrently so neither pipe can fill up and block.
        let writer = Thread {
            input.fileHandleForWriting.write(Data(markdown.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Bare URLs still become links through GFM's autolink extension, but then the link text is the URL itself;
    /// a link whose text hides its target (`[click](http://evil.example/x)`) must never render.
    static func assertLinksShowTheirTarget(_ html: String, file: StaticString, line: UInt) {
        let regex = try! NSRegularExpression(pattern: "<a href=\"([^\"]*)\">(.*?)</a>")
        let ns = html as NSString
        for m in regex.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
            let href = ns.substring(with: m.range(at: 1))
            let text = ns.substring(with: m.range(at: 2))
            XCTAssertTrue(
                href == text || href.hasSuffix("://" + text) || href == "mailto:" + text,
                "hidden link \(text) -> \(href)", file: file, line: line)
        }
    }

    /// Asserts the table rendered as `rows` body rows of `columns` cells, and that no live HTML came through.
    static func checkIfAvailable(
        _ table: String, rows: Int, columns: Int, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        guard let html = try html(table) else {
            print("GFMRenderer: cmark-gfm not installed; reference rendering check skipped")
            return
        }
        let trs = html.components(separatedBy: "<tr>").dropFirst()
        XCTAssertEqual(trs.count, rows + 1, "rendered rows", file: file, line: line)
        for (k, tr) in trs.enumerated() {
            let cells = tr.components(separatedBy: "<td").count - 1 + tr.components(separatedBy: "<th").count - 1
            XCTAssertEqual(cells, columns, "row \(k): \(tr.prefix(300))", file: file, line: line)
        }
        for tag in ["<script", "<img", "<h1", "<h2", "<ul", "<ol", "<blockquote", "<pre", "<hr", "<!--"] {
            XCTAssertFalse(html.contains(tag), "live \(tag) in rendered table", file: file, line: line)
        }
        assertLinksShowTheirTarget(html, file: file, line: line)
    }

    /// Asserts each line of a list became exactly one `<li>` and nothing else opened a block.
    static func checkListIfAvailable(_ list: String, items: Int, file: StaticString = #filePath, line: UInt = #line)
        throws
    {
        guard let html = try html(list) else { return }
        XCTAssertEqual(html.components(separatedBy: "<li>").count - 1, items, "list items", file: file, line: line)
        for tag in ["<script", "<img", "<h1", "<h2", "<h6", "<ol", "<blockquote", "<pre", "<hr", "<!--", "<code"] {
            XCTAssertFalse(html.contains(tag), "live \(tag) in rendered list", file: file, line: line)
        }
        assertLinksShowTheirTarget(html, file: file, line: line)
        XCTAssertEqual(html.components(separatedBy: "<ul>").count - 1, 1, "one list", file: file, line: line)
    }
}
