import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// The generated remediation script: the `codex_remediation.py` resource with this audit's data. It is at most 200
/// lines, carries no dump of the report, checks links and the findings' cited lines, applies only the Atomic
/// Diffs the user names (reading the patches from the report and matching their SHA-256), writes only inside the
/// repository through no symbolic link, and its dry run changes nothing.
final class ScriptGeneratorTests: XCTestCase {
    static let handWritten = "# Change log\n\nHand-written: keep me exactly.\n"
    static let train = "import yaml\n\ncfg = yaml.load(open('c.yaml'))\nprint(cfg)\n"
    static let files: [String: String] = [
        "README.md":
            "# Demo\n\nSee the [guide](docs/old/guide.md#setup) and the [api](docs/api.md).\nA [missing page](docs/nowhere.md), `[code](not/a/link.md)`, [site](https://example.com/x.md).\n\n```\n[inside a fence](docs/gone.md)\n```\n",
        "docs/guide.md": "# Guide\n\nPages link without extensions: [api](api).\n",
        "docs/api.md": "# API\n",
        "train.py": train,
        ".codex/status/status_update_change_log.md": handWritten,
    ]
    static let report = "status-update-2026-11-25"
    static let awkward = "Title with \"\"\" quotes ''' and \\ backslash — ünïcode 🚀"

    static func diff(_ title: String, _ patch: String, paths: [String] = ["train.py"]) -> AtomicDiff {
        AtomicDiff(
            title: title, why: "why", risk: "risk", rollback: "revert", testsDocs: "none", paths: paths, patch: patch,
            applies: true)
    }

    static let safeLoad = diff(
        "Safe load",
        "diff --git a/train.py b/train.py\n--- a/train.py\n+++ b/train.py\n@@ -1,4 +1,4 @@\n import yaml\n \n-cfg = yaml.load(open('c.yaml'))\n+cfg = yaml.safe_load(open('c.yaml'))\n print(cfg)\n"
    )
    static let note = diff(
        "Note",
        "diff --git a/NOTES.md b/NOTES.md\nnew file mode 100644\n--- /dev/null\n+++ b/NOTES.md\n@@ -0,0 +1 @@\n+notes\n",
        paths: ["NOTES.md"])

    /// Writes the script beside the repository and the report's JSON twin beside the script.
    private func generate(
        _ root: URL, diffs: [AtomicDiff], findings: [Finding]? = nil, statusDir: String = ".codex/status"
    ) throws -> URL {
        let facts = GateFixtures.facts(root)
        let f =
            findings ?? [
                Finding(
                    code: .mla120, severity: .high, title: Self.awkward, why: "why", fix: "use yaml.safe_load — ü",
                    evidence: [facts.evidence("train.py", 3)])
            ]
        let text = ScriptGenerator.script(
            facts: facts, findings: f, diffs: diffs, reportName: Self.report, statusDir: statusDir)
        let script = try GeneratedScript.write(text, beside: root)
        let json = try JSONSerialization.data(withJSONObject: [
            "diffs": diffs.map { ["title": $0.title, "patch": $0.patch] }
        ])
        try json.write(to: script.deletingLastPathComponent().appendingPathComponent(Self.report + ".json"))
        return script
    }

    private func run(_ script: URL, _ args: [String], in root: URL) throws -> ProcessResult {
        try GeneratedScript.run(script, args, in: root)
    }
    private func read(_ root: URL, _ path: String) -> String? {
        try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func testTemplateCompilesAndEveryScriptStaysWithin200Lines() throws {
        XCTAssertFalse(ScriptGenerator.template.isEmpty, "the codex_remediation.py resource is bundled")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mlaudit-template-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent("codex_remediation.py")
        try Data(ScriptGenerator.template.utf8).write(to: url)
        let compiled = try ProcessRunner.run("python3", ["-m", "py_compile", url.path], timeout: 60)
        XCTAssertEqual(compiled.exitCode, 0, compiled.stderrText)

        // The largest audit: ten diffs and twenty findings still give at most 200 lines, ASCII only, no patch text.
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let facts = GateFixtures.facts(root)
        let findings = (0..<20).map {
            Finding(
                code: FindingCode.allCases[$0], severity: .medium, title: "t\($0)", why: "w", fix: "f",
                evidence: [facts.evidence("train.py", 3)])
        }
        let diffs = (0..<10).map { Self.diff("Diff \($0) \(Self.awkward)", Self.safeLoad.patch) }
        let text = ScriptGenerator.script(
            facts: facts, findings: findings, diffs: diffs, reportName: Self.report, statusDir: ".mlaudit")
        XCTAssertLessThanOrEqual(
            text.split(separator: "\n", omittingEmptySubsequences: false).count - 1, ScriptGenerator.maxLines)
        XCTAssertTrue(text.allSatisfy(\.isASCII))
        XCTAssertFalse(text.contains("yaml.safe_load(open"), "the patches stay in the report")
        XCTAssertTrue(text.contains("\"\"\"Offline Codex remediation workflow orchestrator."))
        let script = try GeneratedScript.write(text, beside: root)
        let parsed = try ProcessRunner.run(
            "python3", ["-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())", script.path], timeout: 60)
        XCTAssertEqual(parsed.exitCode, 0, parsed.stderrText)
    }

    func testDryRunChangesNothing() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let script = try generate(root, diffs: [Self.safeLoad, Self.note])
        let before = GateFixtures.tree(root)
        let r = try run(script, [], in: root)
        XCTAssertEqual(r.exitCode, 0, r.stderrText)
        XCTAssertEqual(GateFixtures.tree(root), before, "a dry run writes nothing")
        let out = r.stdoutText
        XCTAssertTrue(out.contains("Atomic Diff 1 (Safe load) applies cleanly: train.py"), out)
        XCTAssertTrue(out.contains("Atomic Diff 2 (Note) applies cleanly: NOTES.md"), out)
        XCTAssertTrue(out.contains("MLA120 still open at train.py:3: use yaml.safe_load — ü"), out)
        XCTAssertTrue(out.contains("broken link `docs/old/guide.md` at README.md:3 (moved to docs/guide.md?)"), out)
        XCTAssertTrue(out.contains("broken link `docs/nowhere.md` at README.md:4 (0 candidates)"), out)
        XCTAssertFalse(
            out.contains("api") || out.contains("not/a/link") || out.contains("docs/gone.md")
                || out.contains("example.com"), out)
        XCTAssertTrue(out.contains("[4] dry run: nothing written"), out)
    }

    func testApplyAppliesOnlyTheNamedDiffsAndAppendsTheChangeLog() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let script = try generate(root, diffs: [Self.safeLoad, Self.note])
        let r = try run(script, ["--apply", "1"], in: root)
        XCTAssertEqual(r.exitCode, 0, r.stderrText + r.stdoutText)
        XCTAssertEqual(read(root, "train.py"), "import yaml\n\ncfg = yaml.safe_load(open('c.yaml'))\nprint(cfg)\n")
        XCTAssertNil(read(root, "NOTES.md"), "diff 2 was not named")
        let log = try XCTUnwrap(read(root, ".codex/status/status_update_change_log.md"))
        XCTAssertTrue(log.hasPrefix(Self.handWritten), "hand-written content is kept byte for byte")
        XCTAssertTrue(log.contains("## 2026-11-25T00:00:00Z ("), log)
        XCTAssertTrue(log.contains("- Atomic Diff 1 (Safe load) applied: train.py"), log)
        XCTAssertTrue(log.contains("- MLA120: the line cited at train.py:3 is gone"), log)
        // Applied once: a second run finds the context gone and says so, without touching the file again.
        let again = try run(script, ["--apply", "1"], in: root)
        XCTAssertEqual(again.exitCode, 1)
        XCTAssertTrue(
            again.stderrText.contains("While performing STEP_2:ATOMIC_DIFF_1, encountered the following error:"),
            again.stderrText)
        XCTAssertEqual(read(root, "train.py"), "import yaml\n\ncfg = yaml.safe_load(open('c.yaml'))\nprint(cfg)\n")
        let errors = try XCTUnwrap(read(root, ".codex/status/status_update_errors.ndjson"))
        let record = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(errors.split(separator: "\n")[0].utf8)) as? [String: Any])
        XCTAssertEqual(Set(record.keys), ["timestamp", "step", "error", "context", "prompt"])
        // Unknown numbers are a usage error.
        XCTAssertEqual(try run(script, ["--apply", "7"], in: root).exitCode, 2)
    }

    func testATamperedPatchIsRefused() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let script = try generate(root, diffs: [Self.safeLoad])
        let json = try JSONSerialization.data(withJSONObject: [
            "diffs": [["patch": Self.safeLoad.patch.replacingOccurrences(of: "safe_load", with: "unsafe_load")]]
        ])
        try json.write(to: script.deletingLastPathComponent().appendingPathComponent(Self.report + ".json"))
        let r = try run(script, ["--apply", "1"], in: root)
        XCTAssertEqual(r.exitCode, 1)
        XCTAssertTrue(r.stderrText.contains("is not the audited one"), r.stderrText)
        XCTAssertEqual(read(root, "train.py"), Self.train)
    }

    /// A committed symbolic link to a folder outside the repository, and one to a file outside it: `--apply` of
    /// diffs through them writes nothing outside (and nothing through the links).
    func testApplyCannotWriteOutsideThroughACommittedSymlink() throws {
        let root = try GateFixtures.repo(Self.files, git: false)
        defer { GateFixtures.remove(root) }
        let outside = root.deletingLastPathComponent().appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("victim = 1\n".utf8).write(to: outside.appendingPathComponent("victim.py"))
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("escape").path, withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent("victim.py").path,
            withDestinationPath: outside.appendingPathComponent("victim.py").path)
        try GateFixtures.run(root, ["git", "init", "-q", "-b", "main"])
        try GateFixtures.run(root, ["git", "add", "-A"])
        try GateFixtures.run(
            root, ["git", "-c", "user.name=F", "-c", "user.email=f@example.invalid", "commit", "-q", "-m", "links"])
        let intoDir = Self.diff(
            "Into the linked folder",
            "diff --git a/escape/new.py b/escape/new.py\nnew file mode 100644\n--- /dev/null\n+++ b/escape/new.py\n@@ -0,0 +1 @@\n+pwned = 1\n",
            paths: ["escape/new.py"])
        let throughFile = Self.diff(
            "Through the linked file",
            "diff --git a/victim.py b/victim.py\n--- a/victim.py\n+++ b/victim.py\n@@ -1 +1 @@\n-victim = 1\n+victim = 2\n",
            paths: ["victim.py"])
        let dotdot = Self.diff(
            "Up and out",
            "diff --git a/../outside/x.py b/../outside/x.py\nnew file mode 100644\n--- /dev/null\n+++ b/../outside/x.py\n@@ -0,0 +1 @@\n+x = 1\n",
            paths: ["../outside/x.py"])
        // The change log's own folder is a link too: the log must not be written through it.
        try FileManager.default.createSymbolicLink(
            atPath: root.appendingPathComponent(".mlaudit").path, withDestinationPath: outside.path)
        let script = try generate(root, diffs: [intoDir, throughFile, dotdot], statusDir: ".mlaudit")
        let before = GateFixtures.tree(outside)
        let dry = try run(script, [], in: root)
        XCTAssertTrue(
            dry.stdoutText.contains(
                "Atomic Diff 1 (Into the linked folder) not applied: refused path 'escape/new.py': escape is a symbolic link"
            ), dry.stdoutText)
        let r = try run(script, ["--apply", "1,2,3"], in: root)
        XCTAssertEqual(r.exitCode, 1, r.stdoutText)
        XCTAssertEqual(GateFixtures.tree(outside), before, "nothing outside the repository changed")
        XCTAssertEqual(
            try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("victim.py").path),
            outside.appendingPathComponent("victim.py").path, "the link itself is not replaced either")
        XCTAssertFalse(r.stderrText.contains("Traceback"), r.stderrText)
    }

    func testHostedCIPathsAreRefused() throws {
        var files = Self.files
        files[".github/workflows/ci.yml"] = "on: push\n"
        let root = try GateFixtures.repo(files)
        defer { GateFixtures.remove(root) }
        let ci = Self.diff(
            "Enable CI",
            "diff --git a/.github/workflows/ci.yml b/.github/workflows/ci.yml\n--- a/.github/workflows/ci.yml\n+++ b/.github/workflows/ci.yml\n@@ -1 +1 @@\n-on: push\n+on: [push, pull_request]\n",
            paths: [".github/workflows/ci.yml"])
        let script = try generate(root, diffs: [ci])
        let r = try run(script, ["--apply", "1"], in: root)
        XCTAssertEqual(r.exitCode, 1)
        XCTAssertEqual(read(root, ".github/workflows/ci.yml"), "on: push\n")
        XCTAssertTrue(r.stderrText.contains("hosted CI"), r.stderrText)
    }

    func testPythonLiteralEscapesEverything() {
        XCTAssertEqual(ScriptGenerator.pythonLiteral("a\"b\\c\nd'e"), #""a\"b\\c\nd'e""#)
        XCTAssertEqual(ScriptGenerator.pythonLiteral("é🚀\u{0}"), #""\xe9\U0001f680\x00""#)
    }

    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            SHA256.hex(String(repeating: "a", count: 1000)),
            "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
