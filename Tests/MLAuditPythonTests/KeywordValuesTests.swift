import XCTest

@testable import MLAuditPython

/// A call's keyword values are kept aligned with its keyword names (no dictionary per call); the by-name view
/// answers what the dictionary did: the first argument of a repeated name, each name's value once.
final class KeywordValuesTests: XCTestCase {
    private func call(_ source: String) -> PythonCall {
        let m = PythonReader.read(source: Array(source.utf8), path: "k.py")
        guard let c = m.calls.first else {
            XCTFail("no call in \(source)")
            return PythonCall(
                callee: "", line: 0, column: 0, keywords: [], keywordTexts: [], positionalArguments: [],
                enclosingFunction: nil)
        }
        return c
    }

    func testValuesAreAlignedWithKeywordsInSourceOrder() {
        let c = call("f(1, lr=3e-4,  seed = 7, **extra)\n")
        XCTAssertEqual(c.keywords, ["lr", "seed", "**"])
        XCTAssertEqual(c.keywordTexts, ["3e-4", "7", "extra"])
        XCTAssertEqual(c.keywordValues["seed"], "7")
        XCTAssertEqual(c.keywordValues["**"], "extra")
        XCTAssertNil(c.keywordValues["lr2"])
        XCTAssertEqual(c.keywordValues.values, ["3e-4", "7", "extra"])
        XCTAssertEqual(c.keywordValues.dictionary, ["lr": "3e-4", "seed": "7", "**": "extra"])
    }

    func testARepeatedNameReadsItsFirstArgument() {
        // Two `**` spreads are valid Python; the second is kept in order but the by-name view reads the first.
        let c = call("f(**a, x=1, **b)\n")
        XCTAssertEqual(c.keywords, ["**", "x", "**"])
        XCTAssertEqual(c.keywordTexts, ["a", "1", "b"])
        XCTAssertEqual(c.keywordValues["**"], "a")
        XCTAssertEqual(c.keywordValues.values, ["a", "1"])
        XCTAssertEqual(c.keywordValues.count, 2)
        XCTAssertEqual(c.keywordValues.dictionary, ["**": "a", "x": "1"])
    }

    func testNoKeywords() {
        let c = call("f(1, 2)\n")
        XCTAssertTrue(c.keywordValues.isEmpty)
        XCTAssertEqual(c.keywordValues.values, [])
        XCTAssertEqual(KeywordValues(), c.keywordValues)
    }

    func testKeywordsGrownAloneReadNilNotATrap() {
        var c = call("f(a=1)\n")
        c.keywords.append("b")
        XCTAssertNil(c.keywordValues["b"])
        XCTAssertEqual(c.keywordValues["a"], "1")
        XCTAssertEqual(c.keywordValues.values, ["1"])
    }

    func testTheByNameInitializerReadsEachKeywordsValue() {
        let c = PythonCall(
            callee: "g", line: 3, column: 4, keywords: ["a", "b"], keywordValues: ["a": "1"],
            positionalArguments: [], enclosingFunction: nil)
        XCTAssertEqual(c.keywordTexts, ["1", ""])
        XCTAssertEqual(c.line, 3)
        XCTAssertEqual(c.column, 4)
    }

    func testLineAndColumnBeyondThirtyTwoBitsAreClampedNotTrapped() {
        var c = PythonCall(
            callee: "g", line: 1, column: 0, keywords: [], keywordTexts: [], positionalArguments: [],
            enclosingFunction: nil)
        c.line = Int.max
        XCTAssertEqual(c.line, Int(Int32.max))
        XCTAssertEqual(MemoryLayout<PythonCall>.stride, 64)
    }
}
