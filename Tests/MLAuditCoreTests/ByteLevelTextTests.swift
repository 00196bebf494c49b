import Foundation
import XCTest

@testable import MLAuditFacts
@testable import MLAuditKit

/// Byte-level readings of ASCII text must give the Character-level and Foundation answers on every input: the
/// evidence excerpt (`RepositoryFacts.excerpt`) and `fastTrimmingWhitespaces`.
final class ByteLevelTextTests: XCTestCase {
    /// Random lines over spaces, tabs, ASCII, "\r", combining marks, non-ASCII spaces (a fixed generator).
    static func lines() -> [String] {
        let pieces = [
            " ", "\t", "  ", "a", "word", "#", "x.y", "\r", "\r\n", "\u{301}", "\u{3000}", "\u{A0}", "é", "😀", ":",
            String(repeating: "z", count: 40), String(repeating: " ", count: 30),
        ]
        var seed: UInt64 = 0xBB67_AE85_84CA_A73B
        var out = ["", " ", "\t \t", "abc", "  abc  ", " \u{301}x", "x \u{301}", "\u{3000}x\u{3000}"]
        for _ in 0..<3000 {
            var s = ""
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<(Int(seed >> 33) % 24) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                s += pieces[Int((seed >> 33) % UInt64(pieces.count))]
            }
            out.append(s)
        }
        return out
    }

    func testExcerptMatchesTheCharacterLevelReading() {
        var byBytes = 0
        for text in Self.lines() {
            // Also as a slice of a longer text, as `RepositoryFacts.line` gives it.
            let whole = "head\n" + text + "\ntail"
            for l in [Substring(text), whole.dropFirst(5).dropLast(5)] {
                XCTAssertEqual(RepositoryFacts.excerpt(l), Self.referenceExcerpt(l), text.debugDescription)
                if RepositoryFacts.asciiExcerpt(l) != nil { byBytes += 1 }
            }
        }
        XCTAssertGreaterThan(byBytes, 100)
    }

    func testFastTrimmingMatchesFoundation() {
        for text in Self.lines() {
            XCTAssertEqual(text.fastTrimmingWhitespaces(), text.trimmingCharacters(in: .whitespaces))
            let sub = ("x" + text + "x").dropFirst().dropLast()
            XCTAssertEqual(sub.fastTrimmingWhitespaces(), sub.trimmingCharacters(in: .whitespaces))
        }
    }

    /// `RepositoryFacts.excerpt` as it reads Characters (the implementation before its byte-level path).
    static func referenceExcerpt(_ line: Substring) -> String {
        func isSpace(_ c: Character) -> Bool { c.unicodeScalars.allSatisfy { CharacterSet.whitespaces.contains($0) } }
        var start = line.startIndex
        while start < line.endIndex, isSpace(line[start]) { line.formIndex(after: &start) }
        var end = start
        var n = 0
        while end < line.endIndex && n < RepositoryFacts.maxEvidence {
            line.formIndex(after: &end)
            n += 1
        }
        var cut = line[start..<end]
        if line[end...].allSatisfy(isSpace) { while let last = cut.last, isSpace(last) { cut = cut.dropLast() } }
        return String(cut)
    }
}
