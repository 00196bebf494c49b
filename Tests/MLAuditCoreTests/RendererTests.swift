import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class RendererTests: XCTestCase {
    func testJSONStringEscaping() {
        var out = ""
        JSONValue.escape("a\"b\\c\nd\u{01}e\u{2028}é", into: &out)
        XCTAssertEqual(out, "\"a\\\"b\\\\c\\nd\\u0001e\\u2028é\"")
        let parsed = try? JSONSerialization.jsonObject(with: Data(out.utf8), options: [.fragmentsAllowed]) as? String
        XCTAssertEqual(parsed, "a\"b\\c\nd\u{01}e\u{2028}é")
    }

    func testJSONKeysFollowTheContractOrder() throws {
        let repo = try FixtureRepository.mlProject()
        let json = Auditor.run(root: repo.root, settings: .pinned()).json
        let keys = [
            "\"schema\"", "\"tool\"", "\"date\"", "\"repository\"", "\"repo_map\"", "\"stubs\"", "\"capabilities\"",
            "\"findings\"", "\"diffs\"", "\"gates\"", "\"reproducibility\"", "\"deferred\"", "\"errors\"",
        ]
        let positions = keys.map { json.range(of: "\n  \($0): ")?.lowerBound }
        XCTAssertFalse(positions.contains(nil), json)
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted())
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        XCTAssertEqual(object?["schema"] as? String, "mlaudit.report/1")
        XCTAssertEqual(
            (object?["repository"] as? [String: Any])?["most_recent_active_branch"] as? String, "feature/eval")
    }

    func testErrorBlockIsTheTemplatesFiveLines() {
        let lines = ErrorSection.questionLines(
            timestamp: "2026-11-25T00:00:00Z", step: "[4:PYTHON_READ]",
            error: "bad.py:3: unterminated\nstring", context: "read up to line 3")
        XCTAssertEqual(
            lines,
            [
                ":::", "Question for ChatGPT @codex 2026-11-25T00:00:00Z:",
                "While performing [4:PYTHON_READ], encountered the following error:",
                "bad.py:3: unterminated string", "Context: read up to line 3",
                "What are the possible causes, and how can this be resolved while preserving intended functionality?",
                ":::",
            ])
    }

    func testLedgerOpenRows() throws {
        let repo = try FixtureRepository()
        try repo.write(
            "docs/status_update_outstanding_questions.md",
            """
            # Outstanding Codex Automation Questions

            | Timestamp(s) | Step / Phase | Recorded blocker | Status | Still Valid? | Current disposition |
            | --- | --- | --- | --- | --- | --- |
            | 2025-09-10T05:02:28Z | `nox -s tests` | pytest-cov missing | Action required | No | Resolved by f0a1d82 |
            | 2025-09-10T05:46:52Z | Phase 6: MkDocs | strict mode \\| warnings | Mitigated / deferred | Deferred | strict: false |
            | Undated | STEP_2 | snapshot unavailable | Resolved | | done |
            """)
        let outcome = Auditor.run(root: repo.root, settings: .pinned())
        XCTAssertEqual(
            outcome.report.ledger?.openRows, ["2025-09-10T05:46:52Z — Phase 6: MkDocs — strict mode \\| warnings"])
        XCTAssertTrue(
            outcome.markdown.contains("## Outstanding Automation Questions\n\n- 2025-09-10T05:46:52Z — Phase 6: MkDocs")
        )
    }
}
