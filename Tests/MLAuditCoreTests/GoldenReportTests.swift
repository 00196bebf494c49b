import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Golden files of whole reports of fixture repositories.
final class GoldenReportTests: XCTestCase {
    static let goldenDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Golden files of a whole report. `MLAUDIT_UPDATE_GOLDEN=1 swift test --filter GoldenReportTests` rewrites them.
    func testGoldenReportOfTheMLProject() throws {
        let repo = try FixtureRepository.mlProject()  // held: its deinit removes the folder
        let outcome = Auditor.run(root: repo.root, settings: .pinned())
        XCTAssertTrue(outcome.report.errors.isEmpty, "\(outcome.report.errors)")
        for (name, text) in [("tinyml.md", outcome.markdown), ("tinyml.json", outcome.json)] {
            let url = Self.goldenDir.appendingPathComponent(name)
            if ProcessInfo.processInfo.environment["MLAUDIT_UPDATE_GOLDEN"] == "1" {
                try Data(text.utf8).write(to: url)
                continue
            }
            guard
                let golden = FileManager.default.contents(atPath: url.path).map({ String(decoding: $0, as: UTF8.self) })
            else {
                return XCTFail(
                    "no golden file \(name): run MLAUDIT_UPDATE_GOLDEN=1 swift test --filter GoldenReportTests")
            }
            if golden != text {
                let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
                let b = text.split(separator: "\n", omittingEmptySubsequences: false)
                let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
                XCTFail(
                    "\(name) differs from the golden file at line \(i + 1):\n- \(i < a.count ? a[i] : "<end>")\n+ \(i < b.count ? b[i] : "<end>")\n(rewrite with MLAUDIT_UPDATE_GOLDEN=1 when the change is intended)"
                )
            }
        }
    }
}
