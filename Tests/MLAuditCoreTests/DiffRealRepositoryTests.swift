import Foundation
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Plans diffs for real checkouts named in MLAUDIT_DIFF_REPOS (colon-separated paths) and applies each to a
/// scratch clone. Skipped when the variable is unset (the fixtures cover the mechanics offline).
final class DiffRealRepositoryTests: XCTestCase {
    func testPlannedDiffsApplyToRealRepositories() throws {
        guard let list = ProcessInfo.processInfo.environment["MLAUDIT_DIFF_REPOS"], !list.isEmpty else {
            throw XCTSkip("set MLAUDIT_DIFF_REPOS=/path/a:/path/b to run")
        }
        for path in list.split(separator: ":").map(String.init) {
            let root = URL(fileURLWithPath: path)
            let errors = ErrorLog(timestamp: "2026-01-01T00:00:00Z")
            let facts = RepositoryFacts.build(
                snapshot: RepositorySnapshot.take(root: root, errors: errors),
                git: GitFacts.read(root: root, errors: errors), errors: errors)
            let capabilities = CapabilityEngine.assess(
                facts: facts, settings: AuditSettings(date: "2026-01-01", timestamp: "2026-01-01T00:00:00Z"))
            let t0 = Date()
            let findings = FindingCatalog.findings(facts: facts, capabilities: capabilities)
            let t1 = Date()
            let diffs = DiffPlanner.diffs(facts: facts, capabilities: capabilities, findings: findings)
            let t2 = Date()
            print(
                "== \(root.lastPathComponent): \(findings.count) findings (\(Int(t1.timeIntervalSince(t0) * 1000)) ms), \(diffs.count) diffs (\(diffs.filter(\.applies).count) apply, \(Int(t2.timeIntervalSince(t1) * 1000)) ms)"
            )
            for f in findings.prefix(20) { print("  [\(f.code) \(f.severity.rawValue)] \(f.title)") }
            for e in errors.all where e.step == .diffs { print("  dropped: \(e.error)") }
            for (i, d) in diffs.enumerated() {
                print("  diff \(i + 1): \(d.title) -> \(d.paths.joined(separator: ", "))")
                if ProcessInfo.processInfo.environment["MLAUDIT_DIFF_PRINT"] != nil { print(d.patch) }
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "mlaudit-real-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: scratch) }
                let clone = try ProcessRunner.run(
                    "git", ["clone", "-q", "--no-hardlinks", root.path, scratch.path], timeout: 300)
                XCTAssertEqual(clone.exitCode, 0, clone.stderrText)
                let repo = try FixtureRepository.wrapping(scratch)
                try DiffHarness.applyAndCompile(d, to: repo)
            }
            XCTAssertTrue(diffs.allSatisfy(\.applies))
        }
    }
}

extension FixtureRepository {
    /// A fixture object for an existing folder (the folder is removed with the object's parent; use a scratch path).
    static func wrapping(_ url: URL) throws -> FixtureRepository {
        let repo = try FixtureRepository()
        try? FileManager.default.removeItem(at: repo.root)
        try FileManager.default.moveItem(at: url, to: repo.root)
        return repo
    }
}
