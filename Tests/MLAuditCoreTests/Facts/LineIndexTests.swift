import XCTest

@testable import MLAuditFacts

/// The per-file line index splits as `splitLines` does and is held at its size (it lives for the whole audit).
final class LineIndexTests: XCTestCase {
    func testStartsMatchSplitLines() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "x\r", "\n\n\n", "é\nñ\r\nz", "a\rb\nc"] {
            let index = RepositoryFacts.LineIndex(text)
            let lines = RepositoryFacts.splitLines(text)
            XCTAssertEqual(index.starts.count, lines.count, text.debugDescription)
            let bytes = Array(text.utf8)
            for (i, line) in lines.enumerated() {
                let got = bytes[Int(index.starts[i])..<Int(index.end(of: i))]
                XCTAssertEqual(String(decoding: got, as: UTF8.self), String(line), "\(text.debugDescription) line \(i)")
            }
        }
    }

    func testStartsHaveNoAppendSlack() {
        let text = String(repeating: "line\n", count: 1000)
        let index = RepositoryFacts.LineIndex(text)
        XCTAssertEqual(index.starts.count, 1001)
        // appended one by one, 1001 offsets would sit in room for 2048
        XCTAssertLessThan(index.starts.capacity, 1100)
    }
}
