import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// A stub only makes a sub-feature `stub` when it names that mechanism: "sampling" is not AMP, "clip_grad" is not a CLI.
final class StubMappingTests: XCTestCase {
    func testShortMechanismNamesDoNotMatchInsideOtherWords() throws {
        let repo = try FixtureRepository()
        try repo.write(
            "gen.py",
            """
            def generate(model, idx):
                # TODO: add top-k sampling
                raise NotImplementedError("sampling is not implemented yet")


            def clip_gradients(params):
                # TODO: add clipping support
                pass
            """)
        try repo.write(
            "amp_utils.py",
            """
            def enable_amp(model):
                # TODO: add mixed precision (amp) support
                raise NotImplementedError
            """)
        let report = Auditor.run(root: repo.root, settings: .pinned()).report
        func state(_ cap: String, _ sub: String) -> SubfeatureState? {
            report.capabilities.first { $0.name == cap }?.subfeatures.first { $0.name == sub }?.state
        }
        XCTAssertEqual(state("Training Engine", "precision"), .stub, "a stub named for AMP is a precision stub")
        let precisionEvidence = report.capabilities.first { $0.name == "Training Engine" }?.subfeatures.first {
            $0.name == "precision"
        }?.evidence.map(\.path)
        XCTAssertEqual(Set(precisionEvidence ?? []), ["amp_utils.py"], "sampling must not read as AMP")
        XCTAssertEqual(state("Deployment", "CLI entry points"), .absent, "clip_gradients is not a CLI")
    }
}
