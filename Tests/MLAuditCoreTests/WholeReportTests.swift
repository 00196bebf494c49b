import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Whole reports of fixture repositories: the template checker's verdict, and golden files.
final class WholeReportTests: XCTestCase {

    private func write(_ outcome: AuditOutcome, to dir: URL) throws -> (URL, URL) {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let md = dir.appendingPathComponent("report.md")
        let json = dir.appendingPathComponent("report.json")
        try Data(outcome.markdown.utf8).write(to: md)
        try Data(outcome.json.utf8).write(to: json)
        return (md, json)
    }

    private func assertCheckerPasses(
        _ repo: FixtureRepository, settings: AuditSettings = .pinned(),
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        guard ReportChecker.available else {
            throw XCTSkip("../shared/tools/check_report.py is not beside this checkout")
        }
        let outcome = Auditor.run(root: repo.root, settings: settings)
        let (md, json) = try write(outcome, to: repo.root.deletingLastPathComponent().appendingPathComponent("report"))
        let lines = try ReportChecker.check(markdown: md, json: json, repo: repo.root)
        XCTAssertEqual(lines.last, "0 problems", lines.joined(separator: "\n"), file: file, line: line)
    }

    func testMLProjectReportPassesTheTemplateChecker() throws {
        try assertCheckerPasses(try FixtureRepository.mlProject())
    }

    func testCodexPresetReportPassesTheTemplateChecker() throws {
        var settings = AuditSettings.pinned()
        settings.preset = .codex
        try assertCheckerPasses(try FixtureRepository.mlProject(), settings: settings)
    }

    func testBrokenInputsStillGiveACheckedReport() throws {
        let repo = try FixtureRepository.mlProject()
        try repo.write("broken.py", "def f(:\n    s = '''never closed\n")
        try repo.write("bad.ipynb", "{\"cells\": [")
        try repo.write("latin1.py", Data([0x78, 0x20, 0x3D, 0x20, 0x27, 0xE9, 0x27, 0x0A]))
        try repo.commitAll("broken inputs")
        try assertCheckerPasses(repo)
        let outcome = Auditor.run(root: repo.root, settings: .pinned())
        XCTAssertEqual(outcome.exitCode, 1)
        let paths = Set(outcome.report.errors.compactMap(\.path))
        XCTAssertTrue(paths.isSuperset(of: ["bad.ipynb"]), "\(outcome.report.errors)")
    }
}
