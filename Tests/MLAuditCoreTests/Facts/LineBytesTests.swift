import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditReport

/// A cited line of a released file is read alone (its bytes at the offsets of the file's line index) once the
/// file was read whole, and gives the text a whole reading gives.
final class LineBytesTests: XCTestCase {
    func testLinesOfReleasedFilesReadAloneMatchTheWholeFile() throws {
        let tree = try FixtureRepository("linebytes")
        var texts: [String: String] = [:]
        for k in 0..<20 {
            // ASCII, non-ASCII, CRLF, a trailing CR, invalid UTF-8 (read whole every time) and no final newline
            let text: String
            switch k % 5 {
            case 0: text = "import os\n\nx = \(k)\ndef f():\n    return 'é\(k)'\n"
            case 1: text = "a = 1\r\nb = 2\r\nc = \(k)\r\n"
            case 2: text = "# ünïcode \(k)\nvalue = \"日本\"\nlast = 1\r"
            case 3: text = "y = \(k)\n\n\n  z = 2"
            default: text = "print(\(k))\n" + String(repeating: "w = 1\n", count: k)
            }
            texts["pkg/m\(k).py"] = text
            try tree.write("pkg/m\(k).py", text)
        }
        try tree.write("pkg/bad.py", Data(Array("ok = 1\n".utf8) + [0xff, 0xfe] + Array(" = 2\nz = 3\n".utf8)))
        let errors = ErrorLog(timestamp: "2026-11-25T00:00:00Z")
        let snapshot = RepositorySnapshot.take(root: tree.root, errors: errors)
        let facts = RepositoryFacts.build(snapshot: snapshot, git: GitFacts(), errors: errors)
        let expected = texts.mapValues { RepositoryFacts.splitLines($0).map(String.init) }
        // first pass: every line of each file in turn (each file is read whole once, its index made, and the lines
        // after the first come from that reading)
        for (path, lines) in expected.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(facts.lineCount(path), lines.count, path)
            for n in 1...lines.count {
                XCTAssertEqual(facts.line(path, n).map(String.init), lines[n - 1], "\(path):\(n)")
            }
            XCTAssertNil(facts.line(path, lines.count + 1))
            XCTAssertNil(facts.line(path, 0))
        }
        let afterWhole = snapshot.rereads
        // then one line per file in rotation, over more files than the recent re-reads and line reads keep: each
        // line is read alone, no file whole
        for n in 1...3 {
            for (path, lines) in expected.sorted(by: { $0.key < $1.key }) where n <= lines.count {
                XCTAssertEqual(facts.line(path, n).map(String.init), lines[n - 1], "\(path):\(n)")
                XCTAssertEqual(facts.lineCount(path), lines.count, path)
            }
        }
        XCTAssertEqual(snapshot.rereads, afterWhole, "single lines were read by re-reading whole files")
        // the same file asked again at once is read whole (the lines that follow come from that reading)
        let path = "pkg/m10.py"  // not among the recent whole re-reads
        for n in 1...4 { XCTAssertEqual(facts.line(path, n).map(String.init), expected[path]![n - 1]) }
        XCTAssertEqual(snapshot.rereads, afterWhole + 1)
        let bad = try XCTUnwrap(snapshot.text("pkg/bad.py"))
        for _ in 0..<2 {
            XCTAssertEqual(
                facts.line("pkg/bad.py", 2).map(String.init), RepositoryFacts.splitLines(bad).map(String.init)[1])
        }
        // a file that changed size since the snapshot is read whole again (the line as the file now has it)
        try tree.write("pkg/m0.py", "import os\n\nx = 12345\n")
        for (path, _) in expected where path != "pkg/m0.py" { _ = facts.line(path, 1) }
        XCTAssertEqual(facts.line("pkg/m0.py", 3).map(String.init), "x = 12345")
    }

    func testARangeIsReadOnlyFromAnUnchangedRegularFile() throws {
        let tree = try FixtureRepository("rangeread")
        try tree.write("a/b.txt", "hello world\n")
        let root = tree.root.path
        XCTAssertEqual(
            SafeFileReader.readRange(root: root, relative: "a/b.txt", offset: 6, length: 5, size: 12),
            Array("world".utf8))
        XCTAssertNil(
            SafeFileReader.readRange(root: root, relative: "a/b.txt", offset: 6, length: 5, size: 13), "size changed")
        XCTAssertNil(
            SafeFileReader.readRange(root: root, relative: "a/b.txt", offset: 10, length: 5, size: 12), "past the end")
        XCTAssertNil(SafeFileReader.readRange(root: root, relative: "../b.txt", offset: 0, length: 1, size: 12))
        try FileManager.default.createSymbolicLink(
            atPath: tree.root.appendingPathComponent("link").path, withDestinationPath: "a")
        XCTAssertNil(SafeFileReader.readRange(root: root, relative: "link/b.txt", offset: 0, length: 1, size: 12))
        XCTAssertNil(SafeFileReader.readRange(root: root, relative: "a", offset: 0, length: 0, size: 0), "a folder")
    }
}
