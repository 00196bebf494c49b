import XCTest
@testable import MLAuditCore
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditFacts
@testable import MLAuditRules
@testable import MLAuditRemediation
@testable import MLAuditRender

/// The generated script's step 0: the report's verified Atomic Diffs, `git apply --check` then `git apply`
/// under --apply, reported only in a dry run; diffs that no longer apply (or were never verified) are skipped and logged.
final class ScriptDiffTests: XCTestCase {
    static let train = "import yaml\n\ncfg = yaml.load(open('c.yaml'))\nprint(cfg)\n"
    static let files: [String: String] = [
        "train.py": train,
        "README.md": "# Demo\n",
    ]

    static func diff(_ title: String, _ patch: String, applies: Bool = true, paths: [String] = ["train.py"]) -> AtomicDiff {
        AtomicDiff(title: title, why: "why", risk: "risk", rollback: "revert", testsDocs: "none", paths: paths,
                   patch: patch, applies: applies)
    }

    /// Applies cleanly: appends a comment to line 4.
    static let good = diff("Mark the print", """
        diff --git a/train.py b/train.py
        --- a/train.py
        +++ b/train.py
        @@ -3,2 +3,2 @@
         cfg = yaml.load(open('c.yaml'))
        -print(cfg)
        +print(cfg)  # patched

        """)
    /// Its context is not in the file any more.
    static let stale = diff("Stale context", """
        diff --git a/train.py b/train.py
        --- a/train.py
        +++ b/train.py
        @@ -1,1 +1,1 @@
        -import torch
        +import torch  # stale

        """)
    /// Would apply, but the audit did not verify it.
    static let unverified = diff("Unverified", """
        diff --git a/README.md b/README.md
        --- a/README.md
        +++ b/README.md
        @@ -1,1 +1,1 @@
        -# Demo
        +# Demo (unverified)

        """, applies: false, paths: ["README.md"])

    private func script(_ root: URL) throws -> URL {
        let facts = GateFixtures.facts(root)
        let text = ScriptGenerator.script(facts: facts, capabilities: [], findings: [],
                                          diffs: [Self.good, Self.stale, Self.unverified])
        return try GeneratedScript.write(text, beside: root)
    }

    private func python(_ script: URL, _ args: [String], in root: URL) throws -> ProcessResult {
        try GeneratedScript.run(script, args, in: root)
    }

    private func read(_ root: URL, _ path: String) -> String {
        (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    func testDryRunReportsTheDiffsAndWritesNothing() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let script = try script(root)
        let before = GateFixtures.tree(root)
        let r = try python(script, [], in: root)
        XCTAssertEqual(r.exitCode, 0, r.stderrText + r.stdoutText)
        XCTAssertEqual(GateFixtures.tree(root), before, "a dry run applies nothing")
        XCTAssertTrue(r.stdoutText.contains("[0] atomic diffs: would apply (dry run) 1 of 3, 2 skipped"), r.stdoutText)
        XCTAssertEqual(read(root, "train.py"), Self.train)
    }

    func testApplyAppliesVerifiedDiffsAndRecordsTheSkippedOnes() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let script = try script(root)
        let r = try python(script, ["--apply"], in: root)
        XCTAssertEqual(r.exitCode, 0, r.stderrText + r.stdoutText)
        XCTAssertTrue(r.stdoutText.contains("[0] atomic diffs: applied 1 of 3, 2 skipped"), r.stdoutText)
        // The diff is applied first, so the safe yaml rewrite (step 3) still lands on the patched file.
        XCTAssertEqual(read(root, "train.py"), "import yaml\n\ncfg = yaml.safe_load(open('c.yaml'))\nprint(cfg)  # patched\n")
        XCTAssertEqual(read(root, "README.md"), "# Demo\n", "an unverified diff is never applied")
        let log = read(root, ".codex/status/status_update_change_log.md")
        XCTAssertTrue(log.contains("- Atomic Diff 1 \"Mark the print\" applied with git apply (train.py)"), log)
        XCTAssertTrue(log.contains("- Atomic Diff 2 \"Stale context\" no longer applies (git apply --check: "), log)
        XCTAssertTrue(log.contains("- Atomic Diff 3 \"Unverified\": the audit could not verify it against this commit; skipped"), log)

        // A second run finds the applied diff's context gone: it is skipped, not applied twice.
        let again = try python(script, ["--apply"], in: root)
        XCTAssertEqual(again.exitCode, 0, again.stderrText)
        XCTAssertTrue(again.stdoutText.contains("[0] atomic diffs: applied 0 of 3, 3 skipped"), again.stdoutText)
        XCTAssertEqual(read(root, "train.py"), "import yaml\n\ncfg = yaml.safe_load(open('c.yaml'))\nprint(cfg)  # patched\n")
    }

    func testHostedCIPathsAreRefused() throws {
        var files = Self.files
        files[".github/workflows/ci.yml"] = "on: push\n"
        let root = try GateFixtures.repo(files)
        defer { GateFixtures.remove(root) }
        let ci = Self.diff("Enable CI", """
            diff --git a/.github/workflows/ci.yml b/.github/workflows/ci.yml
            --- a/.github/workflows/ci.yml
            +++ b/.github/workflows/ci.yml
            @@ -1,1 +1,1 @@
            -on: push
            +on: [push, pull_request]

            """, paths: [".github/workflows/ci.yml"])
        let text = ScriptGenerator.script(facts: GateFixtures.facts(root), capabilities: [], findings: [], diffs: [ci])
        let url = root.deletingLastPathComponent().appendingPathComponent("codex_remediation.py")
        try Data(text.utf8).write(to: url)
        let r = try python(url, ["--apply"], in: root)
        XCTAssertEqual(r.exitCode, 0, r.stderrText)
        XCTAssertEqual(read(root, ".github/workflows/ci.yml"), "on: push\n")
        XCTAssertTrue(read(root, ".codex/status/status_update_change_log.md").contains("refused to touch .github/workflows/ci.yml"))
    }
}
