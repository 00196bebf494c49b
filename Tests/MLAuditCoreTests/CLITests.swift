import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class CLITests: XCTestCase {
    func testStdoutByDefaultAndNothingWritten() throws {
        let repo = try FixtureRepository.mlProject()
        let before = try repo.fingerprint()
        let r = try Binary.run(["audit", repo.root.path, "--date", "2026-11-25"])
        XCTAssertTrue([0, 1].contains(r.exitCode), r.stderrText)
        XCTAssertTrue(r.stdoutText.hasPrefix("Check for must recent active branch:\n"))
        XCTAssertEqual(try repo.fingerprint(), before)
        let json = try Binary.run(["audit", repo.root.path, "--date", "2026-11-25", "--format", "json"])
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: json.stdout))
    }

    func testOutWritesBothFilesAndRefusesToOverwrite() throws {
        let repo = try FixtureRepository.mlProject()
        let out = repo.root.deletingLastPathComponent().appendingPathComponent("out")
        let first = try Binary.run(["audit", repo.root.path, "--out", out.path, "--date", "2026-11-25"])
        XCTAssertTrue([0, 1].contains(first.exitCode), first.stderrText)
        for ext in ["md", "json"] {
            XCTAssertTrue(
                FileManager.default.fileExists(
                    atPath: out.appendingPathComponent("status-update-2026-11-25.\(ext)").path))
        }
        let second = try Binary.run(["audit", repo.root.path, "--out", out.path, "--date", "2026-11-25"])
        XCTAssertEqual(second.exitCode, 2)
        XCTAssertTrue(second.stderrText.contains("--force"), second.stderrText)
        let forced = try Binary.run(["audit", repo.root.path, "--out", out.path, "--date", "2026-11-25", "--force"])
        XCTAssertTrue([0, 1].contains(forced.exitCode), forced.stderrText)
    }

    func testUsageErrorsExitTwoWithAClearLine() throws {
        let repo = try FixtureRepository.mlProject()
        for args in [
            ["audit", repo.root.path, "--date", "2026-13-40"], ["audit", "/nonexistent/x"],
            ["audit", repo.root.path, "--preset", "fancy"], ["audit", repo.root.path, "--format", "xml"],
            ["audit", repo.root.path, "--config", "/nonexistent.toml"],
        ] {
            let r = try Binary.run(args)
            XCTAssertEqual(r.exitCode, 2, args.joined(separator: " "))
            XCTAssertTrue(r.stderrText.hasPrefix("mlaudit: error: "), r.stderrText)
            XCTAssertTrue(r.stdout.isEmpty)
        }
    }

    func testVersionAndHelp() throws {
        XCTAssertEqual(try Binary.run(["--version"]).stdoutText, MLAuditVersion.value + "\n")
        let help = try Binary.run(["audit", "--help"]).stdoutText
        XCTAssertTrue(help.contains("--out") && help.contains("Exit codes"), help)
    }

    func testRepositoryProblemsGoToStderrOneWarningLineEachAndExitZero() throws {
        let repo = try FixtureRepository.mlProject()
        try repo.write(".mlaudit.toml", "presett = 1\n")
        let r = try Binary.run(["audit", repo.root.path, "--date", "2026-11-25"])
        XCTAssertEqual(r.exitCode, 0)
        let lines = r.stderrText.split(separator: "\n")
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("mlaudit: warning: [12:SETTINGS] .mlaudit.toml: unknown key 'presett'") },
            r.stderrText)
    }
}
