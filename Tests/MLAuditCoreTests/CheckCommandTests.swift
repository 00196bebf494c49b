import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// `mlaudit check` as a gate, `diff`, exit codes and terminal conventions, through the built binary.
final class CheckCommandTests: XCTestCase {
    static let token = FixtureSecrets.huggingFace

    private func tokenRepo(suffix: String = "") throws -> FixtureRepository {
        let repo = try FixtureRepository("gate")
        try repo.initGit()
        try repo.write("app.py", "import os\n\nHF_TOKEN = \"\(Self.token)\"\(suffix)\n")
        try repo.write("tests/test_app.py", "def test_ok():\n    assert True\n")
        try repo.commitAll("add app")
        return repo
    }

    func testCommittedTokenFailsTheGateWithOneLinePerFinding() throws {
        let repo = try tokenRepo()
        let r = try Binary.run(["check", repo.root.path, "--fail-on", "high"])
        XCTAssertEqual(r.exitCode, 1, r.stderrText)
        XCTAssertTrue(
            r.stdoutText.split(separator: "\n").contains { $0.hasPrefix("app.py:3: MLA101 [critical] ") }, r.stdoutText)
        XCTAssertFalse(r.stdoutText.contains(Self.token) || r.stderrText.contains(Self.token))
        XCTAssertFalse(r.stdoutText.contains("\u{1B}["), "no colour when stdout is not a terminal")
        let critical = try Binary.run(["check", repo.root.path, "--fail-on", "critical", "-q"])
        XCTAssertEqual(critical.exitCode, 1)
        XCTAssertTrue(critical.stderrText.isEmpty, "-q prints finding lines only: \(critical.stderrText)")
    }

    func testInlineIgnoreMakesTheGatePassAndIsCounted() throws {
        let repo = try tokenRepo(suffix: "  # mlaudit: ignore[MLA101]")
        let r = try Binary.run(["check", repo.root.path, "--fail-on", "high"])
        XCTAssertEqual(r.exitCode, 0, r.stdoutText + r.stderrText)
        XCTAssertTrue(r.stderrText.contains("1 suppressed"), r.stderrText)
        let json = try Binary.run(["check", repo.root.path, "--format", "json"])
        let doc = try JSONSerialization.jsonObject(with: json.stdout) as! [String: Any]
        XCTAssertEqual(doc["suppressed_count"] as? Int, 1)
        XCTAssertEqual((doc["suppressed"] as? [[String: Any]])?.first?["code"] as? String, "MLA101")
    }

    func testBaselineOfTheRepositorysOwnReportPasses() throws {
        let repo = try tokenRepo()
        let out = repo.root.deletingLastPathComponent().appendingPathComponent("reports")
        let audit = try Binary.run(["audit", repo.root.path, "--out", out.path, "--date", "2026-11-24", "-q"])
        XCTAssertEqual(audit.exitCode, 0, audit.stderrText)
        XCTAssertTrue(audit.stderrText.isEmpty, "-q: no 'wrote' line: \(audit.stderrText)")
        let baseline = out.appendingPathComponent("status-update-2026-11-24.json").path
        let r = try Binary.run(["check", repo.root.path, "--fail-on", "low", "--baseline", baseline])
        XCTAssertEqual(r.exitCode, 0, r.stdoutText + r.stderrText)
        XCTAssertEqual(r.stdoutText, "")
        // A new unsafe load after the baseline is reported, and only it.
        try repo.write("load.py", "import torch\nstate = torch.load(\"model.pt\")\n")
        try repo.commitAll("load")
        let again = try Binary.run(["check", repo.root.path, "--fail-on", "high", "--baseline", baseline])
        XCTAssertEqual(again.exitCode, 1)
        XCTAssertEqual(
            again.stdoutText.split(separator: "\n").map { String($0.prefix(22)) }, ["load.py:2: MLA102 [hig"])
    }

    func testUsageErrorsExitTwo() throws {
        let repo = try tokenRepo()
        for args in [
            ["check", repo.root.path, "--no-such-flag"], ["audit", repo.root.path, "--no-such-flag"],
            ["check", repo.root.path, "--fail-on", "severe"], ["check", repo.root.path, "--format", "xml"],
            ["check", "/nonexistent/x"], ["check", repo.root.path, "--baseline", "/nonexistent.json"],
            ["diff", "/nonexistent/a.json", "/nonexistent/b.json"], ["no-such-command", "x", "y"],
        ] {
            let r = try Binary.run(args)
            XCTAssertEqual(r.exitCode, 2, args.joined(separator: " ") + "\n" + r.stderrText)
            XCTAssertFalse(r.stderrText.isEmpty)
        }
        let badConfig = repo.root.deletingLastPathComponent().appendingPathComponent("bad.toml")
        try Data("ignore = [\"MLA999\"]\n".utf8).write(to: badConfig)
        let r = try Binary.run(["check", repo.root.path, "--config", badConfig.path])
        XCTAssertEqual(r.exitCode, 2)
        XCTAssertTrue(r.stderrText.contains("unknown finding code(s) MLA999"), r.stderrText)
    }

    func testAuditWarnsOnRepositoryProblemsUnlessFailOnSaysSo() throws {
        let repo = try tokenRepo()
        try repo.write(".mlaudit.toml", "presett = 1\n")
        let r = try Binary.run(["audit", repo.root.path, "--date", "2026-11-25"])
        XCTAssertEqual(r.exitCode, 0, r.stderrText)
        XCTAssertTrue(r.stderrText.contains("mlaudit: warning: [12:SETTINGS]"), r.stderrText)
        XCTAssertEqual(
            try Binary.run(["audit", repo.root.path, "--date", "2026-11-25", "--fail-on", "error"]).exitCode, 1)
        XCTAssertEqual(
            try Binary.run(["audit", repo.root.path, "--date", "2026-11-25", "--fail-on", "critical"]).exitCode, 1)
    }

    /// Under a pseudo-terminal (util-linux `script`): colour and progress appear; `NO_COLOR` removes the colour,
    /// `TERM=dumb` removes both.
    func testColourAndProgressFollowTheTerminalConventions() throws {
        let script = "/usr/bin/script"
        guard FileManager.default.isExecutableFile(atPath: script), let bin = Binary.url else {
            throw XCTSkip("no util-linux script(1)")
        }
        let repo = try tokenRepo()
        func run(_ env: [String: String]) throws -> String {
            var e = ProcessInfo.processInfo.environment
            e["NO_COLOR"] = nil
            for (k, v) in env { e[k] = v }
            let r = try ProcessRunner.run(
                script, ["-qec", "\(bin.path) check \(repo.root.path)", "/dev/null"], environment: e, timeout: 120)
            XCTAssertEqual(r.exitCode, 1, r.stdoutText)
            return r.stdoutText
        }
        let colour = "\u{1B}[1;31mcritical\u{1B}[0m"
        let progress = "\r\u{1B}[Kmlaudit: "
        let tty = try run(["TERM": "xterm"])
        XCTAssertTrue(tty.contains(colour) && tty.contains(progress), tty.debugDescription)
        let noColour = try run(["TERM": "xterm", "NO_COLOR": "1"])
        XCTAssertFalse(noColour.contains("\u{1B}[1;31m"), noColour.debugDescription)
        XCTAssertTrue(noColour.contains("[critical]"))
        let dumb = try run(["TERM": "dumb"])
        XCTAssertFalse(dumb.contains("\u{1B}["), dumb.debugDescription)
    }

    func testVersionSpellings() throws {
        for args in [["-V"], ["--version"], ["version"]] {
            let r = try Binary.run(args)
            XCTAssertEqual(r.exitCode, 0)
            XCTAssertEqual(r.stdoutText, MLAuditVersion.value + "\n", args.joined())
        }
    }

    func testAuditComparesWithTheNewestEarlierReportAndDiffPrintsTheSame() throws {
        let repo = try FixtureRepository("daily")
        try repo.initGit()
        try repo.write(
            "train.py", "import torch\n\n\ndef train(model, opt, data):\n    for x in data:\n        opt.step()\n")
        try repo.commitAll("loop")
        let out = repo.root.deletingLastPathComponent().appendingPathComponent("reports")
        XCTAssertEqual(
            try Binary.run(["audit", repo.root.path, "--out", out.path, "--date", "2026-11-24", "-q"]).exitCode, 0)
        try repo.write(
            "train.py",
            "import torch\n\n\ndef train(model, opt, data):\n    for x in data:\n        opt.step()\n    torch.save(model.state_dict(), 'ckpt.pt')\n"
        )
        try repo.commitAll("save")
        XCTAssertEqual(
            try Binary.run(["audit", repo.root.path, "--out", out.path, "--date", "2026-11-25", "-q"]).exitCode, 0)
        let md = try String(contentsOf: out.appendingPathComponent("status-update-2026-11-25.md"), encoding: .utf8)
        let recent = md.split(separator: "\n").first { $0.contains("**Recent changes.**") }.map(String.init) ?? ""
        XCTAssertTrue(recent.contains("Since the report of 2026-11-24"), recent)
        XCTAssertTrue(
            recent.contains("Checkpointing &amp; Resume Missing → Partially Implemented")
                || recent.contains("Checkpointing & Resume Missing → Partially Implemented"), recent)
        let json =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: out.appendingPathComponent("status-update-2026-11-25.json"))) as! [String: Any]
        let delta = json["delta"] as! [String: Any]
        XCTAssertEqual((delta["previous"] as! [String: Any])["file"] as? String, "status-update-2026-11-24.json")
        let moved = delta["status_changes"] as! [[String: String]]
        XCTAssertTrue(
            moved.contains(["capability": "Checkpointing & Resume", "from": "Missing", "to": "Partially Implemented"]),
            "\(moved)")
        let diff = try Binary.run([
            "diff", out.appendingPathComponent("status-update-2026-11-24.json").path,
            out.appendingPathComponent("status-update-2026-11-25.json").path,
        ])
        XCTAssertEqual(diff.exitCode, 0, diff.stderrText)
        XCTAssertTrue(
            diff.stdoutText.contains("Checkpointing & Resume: Missing -> Partially Implemented"), diff.stdoutText)
        XCTAssertTrue(diff.stdoutText.contains(delta["summary"] as! String), diff.stdoutText)
    }
}
