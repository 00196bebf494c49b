import Foundation
import XCTest
@testable import MLAuditCore
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditFacts
@testable import MLAuditRules
@testable import MLAuditRemediation
@testable import MLAuditRender

/// The unified-diff writer and the verifier, independent of any proposer.
final class DiffWriterTests: XCTestCase {
    func testInsertionHunkHeaders() {
        let old = (1...20).map { "l\($0)" }.joined(separator: "\n") + "\n"
        var lines = (1...20).map { "l\($0)" }
        lines.insert("new", at: 10)
        let patch = UnifiedDiff.patch(path: "a.txt", original: old, updated: lines.joined(separator: "\n") + "\n")!
        XCTAssertTrue(patch.contains("@@ -8,6 +8,7 @@\n l8\n l9\n l10\n+new\n l11\n l12\n l13\n"), patch)
    }

    func testMissingFinalNewlineIsMarked() {
        let patch = UnifiedDiff.patch(path: "a.cfg", original: "a\nb", updated: "a\nb\nc\n")!
        XCTAssertTrue(patch.contains("-b\n\\ No newline at end of file\n+b\n+c\n"), patch)
    }

    func testNewFileAndNoChange() {
        XCTAssertEqual(UnifiedDiff.patch(path: "n.py", original: nil, updated: "x = 1\n"),
                       "diff --git a/n.py b/n.py\nnew file mode 100644\n--- /dev/null\n+++ b/n.py\n@@ -0,0 +1,1 @@\n+x = 1\n")
        XCTAssertNil(UnifiedDiff.patch(path: "n.py", original: "x\n", updated: "x\n"))
    }

    func testVerifierAcceptsMatchingAndRejectsStalePatches() throws {
        let repo = try FixtureRepository.committed(["a.txt": "one\ntwo\nthree\n"])
        let good = UnifiedDiff.patch(path: "a.txt", original: "one\ntwo\nthree\n", updated: "one\ntwo\n2.5\nthree\n")!
        XCTAssertTrue(PatchVerifier.check(patch: good, paths: ["a.txt"], root: repo.root).applies)
        let stale = UnifiedDiff.patch(path: "a.txt", original: "uno\ndos\ntres\n", updated: "uno\ndos\n2.5\ntres\n")!
        XCTAssertFalse(PatchVerifier.check(patch: stale, paths: ["a.txt"], root: repo.root).applies)
        // The audited tree is untouched by verification.
        XCTAssertEqual(repo.read("a.txt"), "one\ntwo\nthree\n")
        XCTAssertFalse(PatchVerifier.check(patch: good, paths: ["../a.txt"], root: repo.root).applies)
    }

    func testLargeFilesUseTheLinearScriptAndStayMinimal() throws {
        let old = (1...5000).map { "line \($0 % 97)" }
        var new = old
        new[4000] = "changed"; new.insert("added", at: 2500); new.insert("top", at: 3)
        let original = old.joined(separator: "\n") + "\n", updated = new.joined(separator: "\n") + "\n"
        let patch = UnifiedDiff.patch(path: "big.py", original: original, updated: updated)!
        XCTAssertEqual(patch.split(separator: "\n").filter { $0.hasPrefix("+") && !$0.hasPrefix("+++") }.count, 3, patch)
        XCTAssertEqual(patch.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.count, 1, patch)
        let repo = try FixtureRepository.committed(["big.py": original])
        XCTAssertTrue(PatchVerifier.check(patch: patch, paths: ["big.py"], root: repo.root).applies)
    }

    func testMultipleSeparatedEditsGiveSeparateHunks() {
        let old = (1...40).map { "l\($0)" }
        var new = old
        new.insert("late", at: 35); new.insert("early", at: 2)
        let patch = UnifiedDiff.patch(path: "f", original: old.joined(separator: "\n") + "\n", updated: new.joined(separator: "\n") + "\n")!
        XCTAssertEqual(patch.components(separatedBy: "\n@@ ").count + (patch.contains("\n@@ ") ? 0 : 1), 3, patch)
        XCTAssertTrue(patch.contains("@@ -1,5 +1,6 @@"), patch)
        XCTAssertTrue(patch.contains("@@ -33,6 +34,7 @@"), patch)
    }
}
