import XCTest
@testable import MLAuditCore
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditFacts
@testable import MLAuditRules
@testable import MLAuditRemediation
@testable import MLAuditRender

final class ScriptGeneratorTests: XCTestCase {
    static let handWritten = "# Change log\n\nHand-written: keep me exactly.\n"
    static let files: [String: String] = [
        "README.md": """
        # Demo

        See the [guide](docs/old/guide.md#setup) and the [api](docs/api.md).
        A [missing page](docs/nowhere.md) and an ambiguous [config](conf/config.yaml).
        Remote links stay: [site](https://example.com/x.md), [anchor](#demo), `[code](not/a/link.md)`.

        ```
        [inside a fence](docs/old/guide.md)
        ```
        """,
        "docs/guide.md": "# Guide\n\nPages link without extensions, as doc builders expect: [api](api) and [home](../README).\n",
        "docs/api.md": "# API\n",
        "conf/a/config.yaml": "a: 1\n",
        "conf/b/config.yaml": "b: 2\n",
        "train.py": "import yaml\n\ncfg = yaml.load(open('c.yaml'))\nprint(cfg)\n",
        ".codex/status/status_update_change_log.md": handWritten,
    ]

    /// A finding and a capability gap with awkward text: quotes, backslashes, a newline, non-ASCII, triple quotes.
    static let awkward = "Title with \"\"\" quotes ''' and \\ backslash — ünïcode 🚀"

    private func generate(_ root: URL) throws -> URL {
        let facts = GateFixtures.facts(root)
        let finding = Finding(code: "MLA999", severity: .high, title: Self.awkward, why: "why",
                              fix: "fix line 1\nfix line 2", evidence: [facts.evidence("train.py", 3)])
        let cap = CapabilityAssessment(name: "Experiment Tracking", label: "Experiment Tracking", subfeatures: [
            SubfeatureAssessment(name: "W&B offline mode", ruleCode: "R", state: .absent, evidence: []),
        ], artifacts: [], gaps: [], risks: [], patchPlan: "guard wandb.init with WANDB_MODE", rollback: "revert")
        let text = ScriptGenerator.script(facts: facts, capabilities: [cap], findings: [finding], diffs: [])
        return try GeneratedScript.write(text, beside: root)
    }

    private func python(_ script: URL, _ args: [String], in root: URL) throws -> ProcessResult {
        try GeneratedScript.run(script, args, in: root)
    }

    private func log(_ root: URL) -> String {
        (try? String(contentsOf: root.appendingPathComponent(".codex/status/status_update_change_log.md"), encoding: .utf8)) ?? ""
    }

    func testScriptCompilesAndCarriesTheDocstring() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let script = try generate(root)
        let text = try String(contentsOf: script, encoding: .utf8)
        XCTAssertTrue(text.contains("\"\"\"Offline Codex remediation workflow orchestrator."))
        XCTAssertTrue(text.allSatisfy { $0.isASCII }, "the embedded audit data is escaped to ASCII")
        XCTAssertFalse(text.contains("AUDIT_JSON_LITERAL"))
        let r = try ProcessRunner.run("python3", ["-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())", script.path], timeout: 60)
        XCTAssertEqual(r.exitCode, 0, r.stderrText)
    }

    func testDryRunIsTheDefaultAndChangesNothing() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let script = try generate(root)
        let before = GateFixtures.tree(root)
        let r = try python(script, [], in: root)
        XCTAssertEqual(r.exitCode, 0, r.stderrText)
        XCTAssertEqual(GateFixtures.tree(root), before, "a dry run writes nothing")
        let out = r.stdoutText
        XCTAssertTrue(out.contains("+See the [guide](docs/guide.md#setup)"), out)
        XCTAssertTrue(out.contains("would write (dry run"), out)
        XCTAssertTrue(out.contains("MLA999"), out)
    }

    func testApplyFixesLinksRewritesAuditedSitesAndAppendsTheChangeLog() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let script = try generate(root)
        let r = try python(script, ["--apply"], in: root)
        XCTAssertEqual(r.exitCode, 0, r.stderrText + r.stdoutText)

        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        XCTAssertTrue(readme.contains("[guide](docs/guide.md#setup)"), "unambiguous target: fixed")
        XCTAssertTrue(readme.contains("[api](docs/api.md)"), "a working link is left alone")
        XCTAssertTrue(readme.contains("[missing page](docs/nowhere.md)"), "no target: left alone, logged")
        XCTAssertTrue(readme.contains("[config](conf/config.yaml)"), "two candidates: left alone, logged")
        XCTAssertTrue(readme.contains("[inside a fence](docs/old/guide.md)"), "fenced code is not a link")
        XCTAssertTrue(readme.contains("`[code](not/a/link.md)`"))
        XCTAssertFalse(log(root).contains("broken link `api`"), "an extensionless page link resolves to api.md")

        let train = try String(contentsOf: root.appendingPathComponent("train.py"), encoding: .utf8)
        XCTAssertTrue(train.contains("cfg = yaml.safe_load(open('c.yaml'))"), train)

        let logURL = root.appendingPathComponent(".codex/status/status_update_change_log.md")
        let log = try String(contentsOf: logURL, encoding: .utf8)
        XCTAssertTrue(log.hasPrefix(Self.handWritten), "hand-written content is kept byte for byte")
        XCTAssertTrue(log.contains("### Remediation run 2026-11-25T00:00:00Z (applied)"))
        XCTAssertTrue(log.contains("link `docs/old/guide.md#setup` -> `docs/guide.md#setup` at README.md:3"))
        XCTAssertTrue(log.contains("broken link `docs/nowhere.md` at README.md:4"))
        XCTAssertTrue(log.contains("conf/a/config.yaml, conf/b/config.yaml"))
        XCTAssertTrue(log.contains(Self.awkward), "repository strings round-trip through the embedded JSON")
        XCTAssertTrue(log.contains("Experiment Tracking / W&B offline mode is absent: guard wandb.init with WANDB_MODE"))

        // A second run appends inside the same generated section.
        let again = try python(script, ["--apply"], in: root)
        XCTAssertEqual(again.exitCode, 0, again.stderrText)
        let log2 = try String(contentsOf: logURL, encoding: .utf8)
        XCTAssertTrue(log2.hasPrefix(Self.handWritten))
        XCTAssertEqual(log2.components(separatedBy: "<!-- BEGIN mlaudit generated section").count, 2)
        XCTAssertEqual(log2.components(separatedBy: "### Remediation run").count, 3)
        XCTAssertTrue(log2.hasSuffix("<!-- END mlaudit generated section -->\n"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent(".github").path))
    }

    func testFailuresBecomeErrorCapturePrompts() throws {
        var files = Self.files
        files[".codex/status/status_update_change_log.md"] = nil
        let root = try GateFixtures.repo(files)
        defer { GateFixtures.remove(root) }
        // The change log path is a folder: writing it must fail and be captured, not crash.
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".codex/status/status_update_change_log.md"),
                                                withIntermediateDirectories: true)
        let script = try generate(root)
        let r = try python(script, ["--apply"], in: root)
        XCTAssertEqual(r.exitCode, 1)
        let err = r.stderrText
        XCTAssertTrue(err.contains(":::\nQuestion for ChatGPT @codex 2026-11-25T00:00:00Z:\nWhile performing STEP_4:CHANGE_LOG, encountered the following error:\n"), err)
        XCTAssertTrue(err.contains("\nWhat are the possible causes, and how can this be resolved while preserving intended functionality?\n:::"), err)
        XCTAssertFalse(err.contains("Traceback"), err)
        let ndjson = try String(contentsOf: root.appendingPathComponent(".codex/status/status_update_errors.ndjson"), encoding: .utf8)
        let first = try XCTUnwrap(ndjson.split(separator: "\n").first)
        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        XCTAssertEqual(Set(record.keys), ["timestamp", "step", "error", "context", "prompt"])
        XCTAssertEqual(record["step"] as? String, "STEP_4:CHANGE_LOG")
        // The other steps still ran: the README link was fixed.
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        XCTAssertTrue(readme.contains("[guide](docs/guide.md#setup)"))
    }

    func testHostedCIFilesAreNeverWritten() throws {
        var files = Self.files
        files[".github/workflows/notes.md"] = "See [guide](../../docs/old/guide.md).\n"
        let root = try GateFixtures.repo(files)
        defer { GateFixtures.remove(root) }
        let script = try generate(root)
        let r = try python(script, ["--apply"], in: root)
        XCTAssertEqual(r.exitCode, 0, r.stderrText)
        let notes = try String(contentsOf: root.appendingPathComponent(".github/workflows/notes.md"), encoding: .utf8)
        XCTAssertEqual(notes, "See [guide](../../docs/old/guide.md).\n")
        XCTAssertTrue(log(root).contains("refused to touch hosted-CI file `.github/workflows/notes.md`"), log(root))
        let listed = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(".github/workflows").path)
        XCTAssertEqual(listed, ["notes.md"], "nothing new appears under .github/workflows")
    }

    func testPythonLiteralEscapesEverything() {
        XCTAssertEqual(ScriptGenerator.pythonLiteral("a\"b\\c\nd'e"), #""a\"b\\c\nd'e""#)
        XCTAssertEqual(ScriptGenerator.pythonLiteral("é🚀\u{0}"), #""\xe9\U0001f680\x00""#)
    }
}
