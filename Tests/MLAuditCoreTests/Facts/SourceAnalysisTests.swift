import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditRules

/// Per-file readings taken in the read pass (`SourceAnalysis`): the same values as reading the file later, without
/// reading the released texts again.
final class SourceAnalysisTests: XCTestCase {
    /// Texts whose line starts a byte-level reading could get wrong: CRLF pairs (one Character, no split), a lone
    /// trailing "\r", combining marks joining a prefix's last space, tabs, non-ASCII text, an empty file.
    static let tricky: [String] = [
        "", "\n", "import os\nfrom x import y\n  import z\n\tfrom a import b",
        "import os\r\nfrom x import y\r\n  pass\r\n", "import os\r", "x = 1\rimport y\n",
        "import \u{301}os\nfrom \u{308}x import y\n \u{301}indented\n\t\u{20DD}tab\n", "  é = 1\n", "importos\nfromx\n",
        " \n\t\n\n", "from\n import x\n", "def f():\n    import os\n    from a import b  # ünïcode\n",
    ]

    func testLineShapesAgreeWithTheLinesChecksRead() {
        for text in Self.tricky {
            let lines = RepositoryFacts.splitLines(text)
            let shapes = LineShapes(text: text)
            XCTAssertEqual(shapes.count, lines.count, "line count of \(text.debugDescription)")
            for (i, line) in lines.enumerated() {
                XCTAssertEqual(
                    shapes.startsImport(i + 1), line.hasPrefix("import ") || line.hasPrefix("from "),
                    "import start, line \(i + 1) of \(text.debugDescription)")
                XCTAssertEqual(
                    shapes.isIndented(i + 1), line.first.map { $0 == " " || $0 == "\t" } ?? false,
                    "indentation, line \(i + 1) of \(text.debugDescription)")
            }
            XCTAssertFalse(shapes.startsImport(0))
            XCTAssertFalse(shapes.isIndented(lines.count + 1))
        }
    }

    func testEqualityPrefilterNeverHidesAComparison() {
        let lines = ["a == b", "a = b", "x ==\u{301} y", "é == e", "a=\u{338}= b", "==", "=", "", "a != b", "a === b"]
        for line in lines where Substring(line).contains("==") {
            XCTAssertTrue(PointlessComparisonCheck.mayContainEquality(Substring(line)), line)
        }
        XCTAssertFalse(PointlessComparisonCheck.mayContainEquality("a = b != c"))
    }

    func testReadPassValuesMatchOnDemandValuesWithoutRereading() throws {
        let files = [
            "pkg/__init__.py": "__all__ = ['missing', 'present']\nfrom .mod import present\n",
            "pkg/mod.py":
                "import os\n\ndef present():\n    try:\n        return 1\n    finally:\n        return 2\n\n\ndef f(x):\n    x == 1\n    return undefined_name  # noqa: E501\n",
            "tests/test_mod.py": "from pkg.mod import present\n\ndef test():\n    present() == 1\n",
        ]
        let repo = try FixtureRepository.committed(files)
        let analysed = repo.facts(analyses: FindingCatalog.sourceAnalyses)
        let onDemand = repo.facts()
        for path in files.keys.sorted() {
            let names = try XCTUnwrap(analysed.analysis(NameBindingSummary.Analysis(), of: path))
            let names2 = try XCTUnwrap(onDemand.analysis(NameBindingSummary.Analysis(), of: path))
            XCTAssertEqual(names.unbound.map(\.name), names2.unbound.map(\.name), path)
            XCTAssertEqual(names.unbound.map(\.lines), names2.unbound.map(\.lines), path)
            XCTAssertEqual(names.unboundExports.map(\.name), names2.unboundExports.map(\.name), path)
            XCTAssertEqual(
                analysed.analysis(PointlessComparisonCheck.Analysis(), of: path),
                onDemand.analysis(PointlessComparisonCheck.Analysis(), of: path), path)
            XCTAssertEqual(
                analysed.analysis(ControlFlowInFinallyCheck.Analysis(), of: path)?.map(\.line),
                onDemand.analysis(ControlFlowInFinallyCheck.Analysis(), of: path)?.map(\.line), path)
        }
        XCTAssertEqual(
            analysed.analysis(NameBindingSummary.Analysis(), of: "pkg/mod.py")?.unbound.map(\.name), ["undefined_name"])
        XCTAssertEqual(
            analysed.analysis(NameBindingSummary.Analysis(), of: "pkg/__init__.py")?.unboundExports.map(\.name),
            ["missing"])
        XCTAssertEqual(analysed.analysis(PointlessComparisonCheck.Analysis(), of: "pkg/mod.py"), [11])
        XCTAssertEqual(analysed.analysis(ControlFlowInFinallyCheck.Analysis(), of: "pkg/mod.py")?.map(\.line), [7])
        // Answered from the read pass: the released texts were not read again (the on-demand facts did read them).
        XCTAssertEqual(analysed.snapshot.rereads, 0)
        XCTAssertGreaterThan(onDemand.snapshot.rereads, 0)
        XCTAssertNil(analysed.analysis(NameBindingSummary.Analysis(), of: "not/there.py"))
    }
}
