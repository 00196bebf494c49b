import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// The capability engine against the hand-labelled development set (`../shared/devset`), through
/// `scripts/score_devset.py` and the built binary. Needs the three checkouts at their labelled commits in
/// MLAUDIT_DEVSET_DIR (see ../shared/devset/README.md); skipped otherwise (CI has no network to fetch them).
final class DevsetScoreTests: XCTestCase {
    func testStatusAndSubfeatureAccuracyMeetTheTargets() throws {
        guard let corpus = ProcessInfo.processInfo.environment["MLAUDIT_DEVSET_DIR"] else {
            throw XCTSkip(
                "set MLAUDIT_DEVSET_DIR to a folder holding nanoGPT/, lightning-hydra-template/, alignment-handbook/")
        }
        guard let binary = Binary.url else { return XCTFail("the mlaudit binary is not built beside the tests") }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../scripts/score_devset.py"
        ).standardizedFileURL
        let r = try ProcessRunner.run("python3", [script.path, "--corpus", corpus, "--bin", binary.path], timeout: 900)
        XCTAssertEqual(r.exitCode, 0, r.stderrText)
        func ratio(_ label: String) -> (Int, Int)? {
            guard let line = r.stdoutText.split(separator: "\n").first(where: { $0.hasPrefix(label) }),
                let frac = line.split(separator: " ").last(where: { $0.contains("/") })
            else { return nil }
            let parts = frac.split(separator: "/").compactMap { Int($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
        let status = try XCTUnwrap(ratio("status accuracy"), r.stdoutText)
        let subs = try XCTUnwrap(ratio("sub-feature accuracy"), r.stdoutText)
        let evidence = try XCTUnwrap(ratio("evidence validity"), r.stdoutText)
        XCTAssertGreaterThanOrEqual(Double(status.0) / Double(status.1), 40.0 / 42.0, r.stdoutText)
        XCTAssertGreaterThanOrEqual(Double(subs.0) / Double(subs.1), 131.0 / 135.0, r.stdoutText)
        XCTAssertEqual(evidence.0, evidence.1, r.stdoutText)
    }
}
