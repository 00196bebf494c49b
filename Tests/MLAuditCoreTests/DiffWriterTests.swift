import Foundation
import MLAuditPython
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// The verifier on its own: git's diff in a temporary tree, `git apply --check`, `py_compile`, names in scope.
final class DiffWriterTests: XCTestCase {
    func testPatchIsGitsOwnDiffWithRepositoryPaths() {
        let old = (1...20).map { "l\($0)" }.joined(separator: "\n") + "\n"
        var lines = (1...20).map { "l\($0)" }
        lines.insert("new", at: 10)
        let outcome = PatchVerifier.verify([
            .init(path: "dir/a.txt", original: old, updated: lines.joined(separator: "\n") + "\n"),
            .init(path: "n.txt", original: nil, updated: "x\n"),
        ])
        XCTAssertNil(outcome.problem)
        XCTAssertTrue(
            outcome.patch.hasPrefix(
                "diff --git a/dir/a.txt b/dir/a.txt\n--- a/dir/a.txt\n+++ b/dir/a.txt\n@@ -8,6 +8,7 @@"), outcome.patch)
        XCTAssertTrue(outcome.patch.contains(" l10\n+new\n l11\n"), outcome.patch)
        XCTAssertTrue(
            outcome.patch.contains(
                "diff --git a/n.txt b/n.txt\nnew file mode 100644\n--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1 @@\n+x\n"),
            outcome.patch)
        XCTAssertFalse(
            outcome.patch.contains("/old/") || outcome.patch.contains("/new/") || outcome.patch.contains("\nindex "),
            outcome.patch)
    }

    func testMissingFinalNewlineIsMarked() {
        let outcome = PatchVerifier.verify([.init(path: "a.cfg", original: "a\nb", updated: "a\nb\nc\n")])
        XCTAssertTrue(outcome.patch.contains("-b\n\\ No newline at end of file\n+b\n+c\n"), outcome.patch)
    }

    func testRejectsNoChangeUnsafePathsSyntaxErrorsAndUnboundNames() {
        XCTAssertEqual(
            PatchVerifier.verify([.init(path: "n.py", original: "x\n", updated: "x\n")]).problem,
            "the proposal changes nothing")
        XCTAssertEqual(
            PatchVerifier.verify([.init(path: "../a.py", original: nil, updated: "x = 1\n")]).problem,
            "unsafe path ../a.py")
        let broken = PatchVerifier.verify([.init(path: "a.py", original: "x = 1\n", updated: "x = (1\n")])
        XCTAssertTrue(
            broken.problem?.hasPrefix("python3 -m py_compile failed") == true, "\(broken.problem ?? "accepted")")
        // The field review's rejected diff: a checkpoint saving `scheduler.state_dict()` where no scheduler exists.
        let train =
            "import torch\n\n\ndef save(model, opt):\n    torch.save({'model': model.state_dict(), 'opt': opt.state_dict()}, 'c.pt')\n"
        let unbound = PatchVerifier.verify([
            .init(
                path: "train.py", original: train,
                updated: train.replacingOccurrences(
                    of: "opt.state_dict()}", with: "opt.state_dict(), 'scheduler': scheduler.state_dict()}"))
        ])
        XCTAssertEqual(unbound.problem, "train.py uses `scheduler`, not bound in scope")
        // Names bound by parameters, imports, loops, comprehensions and `with ... as` pass.
        let bound = PatchVerifier.verify([
            .init(
                path: "t.py", original: train,
                updated: train
                    + "\n\ndef go(steps):\n    import os\n    with open(os.devnull) as fh:\n        for i in range(steps):\n            print([s for s in (i, fh)], save)\n"
            )
        ])
        XCTAssertNil(bound.problem)
    }

    func testABatchGivesEachProposalTheOutcomeItGetsAlone() {
        let train = "import torch\n\n\ndef save(model):\n    torch.save(model.state_dict(), 'c.pt')\n"
        let batch: [[PatchVerifier.File]] = [
            [.init(path: "train.py", original: train, updated: train + "\nSTEPS = 2\n")],
            [.init(path: "a.py", original: "x = 1\n", updated: "x = (1\n")],
            [.init(path: "train.py", original: train, updated: train + "\nprint(scheduler)\n")],
            [.init(path: "n.py", original: "x\n", updated: "x\n")],
            [
                .init(path: "pkg/a.py", original: "A = 1\n", updated: "A = 2\n"),
                .init(path: "pkg/b.py", original: nil, updated: "def f(:\n"),
            ],
            [.init(path: "../up.py", original: nil, updated: "x = 1\n")],
        ]
        let together = PatchVerifier.verifyAll(batch)
        let alone = batch.map { PatchVerifier.verify($0) }
        XCTAssertEqual(together.map(\.problem), alone.map(\.problem))
        XCTAssertEqual(together.map(\.patch), alone.map(\.patch))
        XCTAssertNil(together[0].problem)
        XCTAssertTrue(together[1].problem?.hasPrefix("python3 -m py_compile failed") == true)
        XCTAssertEqual(together[2].problem, "train.py uses `scheduler`, not bound in scope")
        XCTAssertEqual(together[3].problem, "the proposal changes nothing")
        XCTAssertTrue(together[4].problem?.hasPrefix("python3 -m py_compile failed") == true, "a new file compiles too")
        XCTAssertEqual(together[5].problem, "unsafe path ../up.py")
        XCTAssertTrue(PatchVerifier.verifyAll([]).isEmpty)
    }

    func testAddedLinesFollowTheHunks() {
        let patch = "diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n@@ -2,3 +2,4 @@\n b\n+new\n c\n-d\n+e\n"
        XCTAssertEqual(PatchVerifier.addedLines(patch, path: "a.py"), [3, 5])
        XCTAssertEqual(PatchVerifier.addedLines(patch, path: "b.py"), [])
    }

    /// One read of a patch gives each file's added lines as reading it once per file does: hunks of other files
    /// (before, between and after) never leak into a file's lines.
    func testAddedLinesOfSeveralFilesInOneRead() {
        let patch = [
            "diff --git a/x/a.py b/x/a.py", "--- a/x/a.py", "+++ b/x/a.py", "@@ -2,3 +2,4 @@", " b", "+new", " c",
            "diff --git a/b.py b/b.py", "--- a/b.py", "+++ b/b.py", "@@ -10,2 +10,3 @@", " k", "+added", "+more",
            "@@ -40,1 +41,2 @@", "-gone", "+here", " tail",
            "diff --git a/a.py b/a.py", "--- a/a.py", "+++ b/a.py", "@@ -1,1 +1,2 @@", "+top", " first",
        ].joined(separator: "\n")
        let paths = ["x/a.py", "b.py", "a.py", "missing.py"]
        let once = PatchVerifier.addedLines(patch, paths: paths)
        XCTAssertEqual(once, [[3], [11, 12, 41], [1], []])
        for (k, path) in paths.enumerated() { XCTAssertEqual(PatchVerifier.addedLines(patch, path: path), once[k]) }
    }

    /// The byte-level splits give the Character split's pieces (a "\r\n" pair unsplit) and Foundation's
    /// `components(separatedBy: "\n")` (the same pieces for a Swift string), on line-break and non-ASCII edge cases.
    func testNewlineSplitsAgreeWithTheLibrarySplits() {
        let cases = [
            "", "\n", "\n\n", "a", "a\n", "a\nb", "a\r\nb", "\r\n", "\r", "a\r", "x\r\n\ny", "é\nü\r\n\u{301}z",
            "\n\u{301}", "tab\t\n  sp \n", "🙂\n🙂🙂\r\n\r\n",
        ]
        for text in cases {
            XCTAssertEqual(
                text.splitOnNewlineKeepingEmpty().map(String.init),
                text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), text.debugDescription)
            XCTAssertEqual(
                text.componentsSeparatedByNewline(), text.components(separatedBy: "\n"), text.debugDescription)
        }
    }
}
