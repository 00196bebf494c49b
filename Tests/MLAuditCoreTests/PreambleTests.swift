import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class PreambleTests: XCTestCase {
    static let specPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/spec/status-update-template.md").standardizedFileURL.path

    /// The codex preset's preamble is the template skeleton's text, byte for byte, up to the H1.
    func testCodexPresetMatchesTemplateSkeleton() throws {
        guard
            let spec = FileManager.default.contents(atPath: Self.specPath).map({ String(decoding: $0, as: UTF8.self) })
        else {
            throw XCTSkip("../shared/spec is not beside this checkout")
        }
        guard let start = spec.range(of: "```markdown\n"),
            let h1 = spec.range(of: "# 📍_codex_: Status Update ({{date}})", range: start.upperBound..<spec.endIndex)
        else {
            return XCTFail("the template skeleton moved")
        }
        let expected = String(spec[start.upperBound..<h1.upperBound]).replacingOccurrences(
            of: "{{date}}", with: "2026-11-25")
        var settings = AuditSettings.pinned()
        settings.preset = .codex
        let repo = try FixtureRepository.mlProject()
        let md = Auditor.run(root: repo.root, settings: settings).markdown
        XCTAssertTrue(md.hasPrefix(expected), "preamble differs:\n\(md.prefix(expected.count + 40))")
    }

    func testDefaultPresetUsesRemoteNameAndActiveBranches() throws {
        let repo = try FixtureRepository.mlProject()
        try repo.git("remote", "add", "origin", "https://token@github.com/acme/tinyml.git")
        let md = Auditor.run(root: repo.root, settings: .pinned()).markdown
        let head = md.split(separator: "\n", omittingEmptySubsequences: false).prefix(16).joined(separator: "\n")
        XCTAssertTrue(
            head.hasPrefix(
                """
                Check for must recent active branch:
                //fetch https://github.com/acme/tinyml/activity?time_period=day

                Branches:
                //fetch https://github.com/acme/tinyml
                //fetch https://github.com/acme/tinyml/tree/feature/eval
                //fetch https://github.com/acme/tinyml/tree/main

                Objective:
                > Traverse the repository and provide a comprehensive status audit. The goal is to assess **modularity**, **reproducibility**, and **production readiness** of the tinyml repository, following best practices in ML systems design.
                ---

                Audit Scope

                # 📍tinyml: Status Update (2026-11-25)
                """), head)
        XCTAssertFalse(md.contains("token@"))
    }

    func testSettingsBranchesOverrideAndNonGitTree() throws {
        let repo = try FixtureRepository("plain-tree")
        try repo.write("a.py", "x = 1\n")
        var settings = AuditSettings.pinned()
        let md = Auditor.run(root: repo.root, settings: settings).markdown
        XCTAssertTrue(md.contains("//fetch local://plain-tree/tree/HEAD\n"), String(md.prefix(300)))
        settings.branches = ["dev", "release"]
        let md2 = Auditor.run(root: repo.root, settings: settings).markdown
        XCTAssertTrue(
            md2.contains("//fetch local://plain-tree/tree/dev\n//fetch local://plain-tree/tree/release\n\nObjective:"))
    }
}

final class PreambleNameTests: XCTestCase {
    func testNamesAndBranchesCannotInjectMarkdown() {
        XCTAssertEqual(FetchPreamble.safeName("_codex_"), "_codex_")
        XCTAssertEqual(FetchPreamble.safeName("my repo <b>|`x`"), "my-repo--b---x-")
        XCTAssertEqual(FetchPreamble.safeRef("feature/eval"), "feature/eval")
        XCTAssertEqual(FetchPreamble.safeRef("a b\nc"), "a-b-c")
        XCTAssertEqual(FetchPreamble.safeName("é"), "-")
    }
}
