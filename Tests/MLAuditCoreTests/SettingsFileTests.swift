import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class SettingsFileTests: XCTestCase {
    func testReadsEveryKey() throws {
        var s = AuditSettings.pinned()
        try SettingsFile.apply(
            text: """
                preset = "codex"
                branches = ["main", "dev"]
                repository_url = "git@github.com:o/n.git"
                display_name = "n"
                max_file_bytes = 1000
                exclude = ["tests/fixtures/**"]
                [subfeatures."fast tokenizer"]
                paths = ["tok/**"]
                patterns = ["MyTok\\\\("]
                not_applicable = "no text input"
                """, to: &s)
        XCTAssertEqual(s.preset, .codex)
        XCTAssertEqual(s.branches, ["main", "dev"])
        XCTAssertEqual(s.maxFileBytes, 1000)
        XCTAssertEqual(s.exclude, ["tests/fixtures/**"])
        XCTAssertEqual(
            s.subfeatures[.fastTokenizer],
            SubfeatureSettings(paths: ["tok/**"], patterns: ["MyTok\\("], notApplicable: "no text input"))
    }

    func testSubfeatureNamesDecodeAtLoadTimeAndUnknownNamesAreKeptAside() throws {
        var s = AuditSettings.pinned()
        try SettingsFile.apply(
            text:
                "[subfeatures.\"Docker infra\"]\nnot_applicable = \"a library\"\n[subfeatures.docker]\npaths = [\"d/**\"]\n",
            to: &s)
        XCTAssertEqual(Array(s.subfeatures.keys), [.dockerInfra])
        XCTAssertEqual(s.unknownSubfeatures, ["docker"])
    }

    func testRejectsTyposBadTypesAndBadRegexes() {
        for bad in [
            "presett = \"codex\"", "preset = \"fancy\"", "branches = \"main\"", "[subfeatures.x]\npatterns = [\"(\"]",
            "[subfeatures.x]\nnot_aplicable = \"r\"", "this is not toml",
        ] {
            var s = AuditSettings.pinned()
            XCTAssertThrowsError(try SettingsFile.apply(text: bad, to: &s), bad)
        }
    }

    func testMalformedRepositorySettingsBecomeAnErrorCaptureEntry() throws {
        let repo = try FixtureRepository()
        try repo.write("a.py", "x = 1\n")
        var s = AuditSettings.pinned()
        s.problems = ["unknown key 'presett'"]  // what SettingsFile reports, as AuditCommand passes it on
        let outcome = Auditor.run(root: repo.root, settings: s)
        XCTAssertEqual(outcome.exitCode, 1)
        XCTAssertEqual(outcome.report.errors.map(\.step.code), ["12:SETTINGS"])
        XCTAssertTrue(
            outcome.markdown.contains(
                "Question for ChatGPT @codex 2026-11-25T00:00:00Z:\nWhile performing [12:SETTINGS], encountered the following error:\n.mlaudit.toml: unknown key 'presett'\nContext: "
            ), outcome.markdown)
        XCTAssertEqual(outcome.stderrLines.count, 1)
    }
}

final class ExcludeSettingTests: XCTestCase {
    func testExcludedPathsAreLeftOutOfTheAudit() throws {
        let repo = try FixtureRepository()
        try repo.write("src/a.py", "x = 1\n").write("tests/fixtures/broken.py", "def f(:\n").write(
            "tests/test_a.py", "def test(): pass\n")
        var s = AuditSettings.pinned()
        s.exclude = ["tests/fixtures/**"]
        let outcome = Auditor.run(root: repo.root, settings: s)
        XCTAssertEqual(outcome.report.repoMap.totalFiles, 2)
        XCTAssertTrue(outcome.report.errors.isEmpty, "\(outcome.report.errors)")
    }
}
