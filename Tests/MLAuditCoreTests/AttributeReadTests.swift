import XCTest

@testable import MLAuditRules

/// The byte reading of "does this line read `.name`" agrees with the Character reading it stands in for.
final class AttributeReadTests: XCTestCase {
    /// The Character reading: the first occurrence of the needle decides.
    func reference(_ needle: String, _ line: Substring) -> Bool {
        guard line.contains(needle), let r = line.range(of: needle) else { return false }
        let after = line[r.upperBound...].first
        return after == nil || !(after!.isLetter || after!.isNumber || after! == "_")
    }

    func testByteReadingAgreesOnRandomASCIILines() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("ab._-( )1=\r\"")
        for needle in [".a", ".ab", ".b_", ".a1"] {
            for _ in 0..<3000 {
                let line = Substring(
                    String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
                let fast = RuleContext.firstOccurrenceIsRead(Array(needle.utf8), in: line)
                XCTAssertEqual(fast, reference(needle, line), "\(needle) in \(line.debugDescription)")
            }
        }
        XCTAssertEqual(
            RuleContext.firstOccurrenceIsRead(Array(".lr".utf8), in: "x = args.lr_scheduler + args.lr"), false)
        XCTAssertEqual(RuleContext.firstOccurrenceIsRead(Array(".lr".utf8), in: "x = args.lr * 2"), true)
        XCTAssertNil(
            RuleContext.firstOccurrenceIsRead(Array(".lr".utf8), in: "é = args.lr"), "non-ASCII: the Character reading")
    }
}
