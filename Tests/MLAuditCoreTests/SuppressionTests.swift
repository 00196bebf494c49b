import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Inline markers (mlaudit's and the peers'), `ignore` / `per_file_ignores`, `[tool.mlaudit]`, and the rule that
/// suppressed findings are counted, never dropped without a trace.
final class SuppressionTests: XCTestCase {
    static let token = FixtureSecrets.huggingFace

    func testMarkerSyntax() {
        XCTAssertEqual(
            SuppressionMarker.mlauditCodes(in: "x = 1  # mlaudit: ignore[MLA101, mla102]"), ["MLA101", "MLA102"])
        XCTAssertEqual(SuppressionMarker.mlauditCodes(in: "# mlaudit:ignore[MLA117]"), ["MLA117"])
        XCTAssertEqual(
            SuppressionMarker.mlauditCodes(in: "# mlaudit: ignore"), [],
            "a bare marker names no code and silences nothing")
        XCTAssertEqual(
            SuppressionMarker.marker(silencing: "MLA101", line: "t = 'x'  # pragma: allowlist secret", above: nil),
            .detectSecrets)
        XCTAssertEqual(
            SuppressionMarker.marker(
                silencing: "MLA101", line: "t = 'x'", above: "# pragma: allowlist nextline secret"), .detectSecrets)
        XCTAssertEqual(
            SuppressionMarker.marker(silencing: "MLA101", line: "t = 'x' # gitleaks:allow", above: nil), .gitleaks)
        XCTAssertEqual(
            SuppressionMarker.marker(silencing: "MLA102", line: "torch.load(p)  # nosec B614", above: nil), .bandit)
        XCTAssertEqual(
            SuppressionMarker.marker(silencing: "MLA102", line: "torch.load(p)", above: "# mlaudit: ignore[MLA102]"),
            .mlaudit)
        // A peer's marker silences only the checks that match the peer tool's own.
        XCTAssertNil(SuppressionMarker.marker(silencing: "MLA102", line: "torch.load(p)  # gitleaks:allow", above: nil))
        XCTAssertNil(SuppressionMarker.marker(silencing: "MLA101", line: "t = 'x'  # nosec", above: nil))
        XCTAssertNil(SuppressionMarker.marker(silencing: "MLA102", line: "torch.load(p)  # nosecure", above: nil))
        // ruff's flake8-bandit codes silence the matching check only; a bare `# noqa` silences nothing.
        XCTAssertEqual(
            SuppressionMarker.marker(silencing: "MLA103", line: "x = dill.loads(b)  # noqa: E501, S301", above: nil),
            .ruff)
        XCTAssertEqual(
            SuppressionMarker.marker(silencing: "MLA105", line: "eval(s)  # NOQA:S307 trusted config", above: nil),
            .ruff)
        XCTAssertNil(SuppressionMarker.marker(silencing: "MLA103", line: "pickle.load(f)  # noqa", above: nil))
        XCTAssertNil(SuppressionMarker.marker(silencing: "MLA103", line: "pickle.load(f)  # noqa: S506", above: nil))
        XCTAssertNil(SuppressionMarker.marker(silencing: "MLA102", line: "torch.load(p)  # noqa: S301", above: nil))
        XCTAssertNil(
            SuppressionMarker.marker(silencing: "MLA103", line: "s = 'noqa: S301'; pickle.load(f)", above: nil))
        XCTAssertEqual(SuppressionMarker.noqaCodes(in: "f()  # noqa: S301 E501 see #12"), ["S301", "E501"])
        XCTAssertNil(
            SuppressionMarker.marker(silencing: "MLA102", line: "torch.load(p)  # mlaudit: ignore[MLA103]", above: nil))
    }

    private func tokenRepo(line: String, above: String? = nil) throws -> FixtureRepository {
        let repo = try FixtureRepository("tok")
        try repo.initGit()
        try repo.write("app.py", "import os\n" + (above.map { $0 + "\n" } ?? "") + line + "\n")
        try repo.commitAll("add app")
        return repo
    }

    private func secretFindings(_ r: AuditReport) -> [Finding] { r.findings.filter { $0.code == .mla101 } }

    /// The prefilter that spares reading a file's lines never misses a marker the filter would honour.
    func testMarkerPresenceCoversEverySyntax() {
        for text in [
            "x = 1  # mlaudit: ignore[MLA101]\n", "# mlaudit:ignore[mla105]\nexec(s)\n",
            "k = 'v'  # pragma: allowlist secret\n", "# pragma: allowlist nextline secret\nk = 'v'\n",
            "k = 'v'  # gitleaks:allow\n", "pickle.load(f)  # nosec B301\n",
        ] {
            let content = FileContent(bytes: Array(text.utf8))
            XCTAssertTrue(SuppressionMarker.mayOccur(in: content), text)
            let lines = RepositoryFacts.splitLines(text)
            let found = ["MLA101", "MLA105", "MLA103"].contains { code in
                (0..<lines.count).contains { i in
                    SuppressionMarker.marker(silencing: code, line: lines[i], above: i > 0 ? lines[i - 1] : nil) != nil
                }
            }
            XCTAssertTrue(found, text)
        }
        XCTAssertFalse(SuppressionMarker.mayOccur(in: FileContent(bytes: Array("import os\nos.system(cmd)\n".utf8))))
    }

    func testInlineMarkersSilenceTheTokenAndAreCounted() throws {
        let plain = try tokenRepo(line: "HF_TOKEN = \"\(Self.token)\"")
        let base = Auditor.run(root: plain.root, settings: .pinned()).report
        XCTAssertEqual(secretFindings(base).count, 1)
        XCTAssertTrue(base.suppressed.isEmpty)
        for (line, above, by) in [
            ("HF_TOKEN = \"\(Self.token)\"  # mlaudit: ignore[MLA101]", nil, "# mlaudit: ignore[MLA101]"),
            ("HF_TOKEN = \"\(Self.token)\"", "# mlaudit: ignore[MLA101]", "# mlaudit: ignore[MLA101]"),
            ("HF_TOKEN = \"\(Self.token)\"  # pragma: allowlist secret", nil, "# pragma: allowlist secret"),
            ("HF_TOKEN = \"\(Self.token)\"  # gitleaks:allow", nil, "gitleaks:allow"),
        ] as [(String, String?, String)] {
            let repo = try tokenRepo(line: line, above: above)
            let outcome = Auditor.run(root: repo.root, settings: .pinned())
            XCTAssertTrue(secretFindings(outcome.report).isEmpty, line)
            XCTAssertEqual(outcome.report.suppressed.map(\.code), [.mla101], line)
            XCTAssertEqual(outcome.report.suppressed.first?.by, by)
            XCTAssertEqual(outcome.report.suppressed.first?.path, "app.py")
            let doc = try JSONSerialization.jsonObject(with: Data(outcome.json.utf8)) as! [String: Any]
            XCTAssertEqual(doc["suppressed_count"] as? Int, 1, line)
            XCTAssertTrue(outcome.markdown.contains("Suppressed: 1 finding location(s)"), line)
            XCTAssertFalse(outcome.json.contains(Self.token) || outcome.markdown.contains(Self.token))
        }
    }

    func testNosecSilencesUnsafeLoadsOnly() throws {
        let repo = try FixtureRepository("nosec")
        try repo.initGit()
        try repo.write(
            "load.py",
            "import torch\nimport pickle\na = torch.load(p)  # nosec\nb = pickle.load(f)\nc = torch.load(q)\n")
        try repo.commitAll("add")
        let r = Auditor.run(root: repo.root, settings: .pinned()).report
        XCTAssertEqual(r.findings.first { $0.code == .mla102 }?.evidence.map(\.line), [5])
        XCTAssertEqual(r.findings.first { $0.code == .mla103 }?.evidence.map(\.line), [4])
        XCTAssertEqual(r.suppressed.map { "\($0.code)@\($0.line ?? 0) \($0.by)" }, ["MLA102@3 # nosec"])
    }

    func testSettingsIgnoreAndPerFileIgnoresKeepCapabilityEvidence() throws {
        let repo = try FixtureRepository.mlProject()
        try repo.write(
            "tinyml/resume.py",
            "import torch\n\n\ndef resume(path, model):\n    state = torch.load(path)\n    model.load_state_dict(state['model'])\n"
        )
        try repo.commitAll("resume")
        let before = Auditor.run(root: repo.root, settings: .pinned()).report
        XCTAssertNotNil(before.findings.first { $0.code == .mla102 })
        var settings = AuditSettings.pinned()
        try SettingsFile.apply(
            text: "ignore = [\"MLA117\"]\n[per_file_ignores]\n\"tinyml/**\" = [\"MLA102\"]\n", to: &settings)
        let after = Auditor.run(root: repo.root, settings: settings).report
        XCTAssertNil(after.findings.first { $0.code == .mla102 })
        XCTAssertNil(after.findings.first { $0.code == .mla117 })
        XCTAssertTrue(
            after.suppressed.contains {
                $0.code == .mla102 && $0.path == "tinyml/resume.py" && $0.by.contains("per_file_ignores \"tinyml/**\"")
            })
        XCTAssertTrue(after.suppressed.contains { $0.code == .mla117 && $0.by == ".mlaudit.toml ignore" })
        // Silencing a finding in a file leaves that file's evidence for the capability table untouched.
        func cited(_ r: AuditReport) -> [String] {
            r.capabilities.flatMap { $0.subfeatures.flatMap { $0.evidence.map(\.citation) } }.sorted()
        }
        XCTAssertEqual(cited(after), cited(before))
        XCTAssertTrue(cited(after).contains { $0.hasPrefix("tinyml/resume.py:") }, "\(cited(after))")
    }

    func testUnknownCodesAndSubfeaturesAreErrorsNotSilence() throws {
        let repo = try FixtureRepository.mlProject()
        try repo.write(
            ".mlaudit.toml",
            "ignore = [\"MLA999\", \"MLA117\"]\n[per_file_ignores]\n\"a/**\" = [\"MLA10\"]\n[subfeatures.\"fast tokeniser\"]\nnot_applicable = \"none\"\n"
        )
        var settings = AuditSettings.pinned()
        try SettingsFile.apply(
            text: try String(contentsOf: repo.root.appendingPathComponent(".mlaudit.toml"), encoding: .utf8),
            to: &settings)
        let r = Auditor.run(root: repo.root, settings: settings).report
        let messages = r.errors.map(\.error)
        XCTAssertTrue(messages.contains { $0.contains("unknown finding code(s) MLA999") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.contains("\"a/**\" names unknown finding code(s) MLA10") }, "\(messages)")
        XCTAssertTrue(
            messages.contains { $0.contains("[subfeatures.\"fast tokeniser\"] is not a sub-feature") }, "\(messages)")
        XCTAssertTrue(
            messages.contains { $0.contains("valid names: \"fast tokenizer\", \"vocab\"") }, "names the valid names")
        XCTAssertNil(r.findings.first { $0.code == .mla117 }, "the known code still applies")
        XCTAssertFalse(r.capabilities.isEmpty, "the audit goes on")
    }

    func testPyprojectToolTable() throws {
        var settings = AuditSettings.pinned()
        XCTAssertTrue(
            try SettingsFile.applyPyproject(
                text:
                    "[project]\nname = \"x\"\n[tool.mlaudit]\nignore = [\"MLA117\"]\n[tool.mlaudit.per_file_ignores]\n\"tests/**\" = [\"MLA102\"]\n",
                to: &settings))
        XCTAssertEqual(settings.ignore, ["MLA117"])
        XCTAssertEqual(settings.perFileIgnores, ["tests/**": ["MLA102"]])
        var other = AuditSettings.pinned()
        XCTAssertFalse(try SettingsFile.applyPyproject(text: "[tool.ruff]\nline-length = 100\n", to: &other))
        XCTAssertThrowsError(
            try SettingsFile.applyPyproject(text: "[tool.mlaudit]\nignor = [\"MLA117\"]\n", to: &other))
    }
}
