import XCTest
@testable import MLAuditCore
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditFacts
@testable import MLAuditRules
@testable import MLAuditRemediation
@testable import MLAuditRender

final class FindingCatalogTests: XCTestCase {
    func testRankingBySeverityThenStrength() throws {
        let repo = try FixtureRepository.committed([
            "train.py": "import os\nTOKEN = \"\(FixtureSecrets.huggingFace)\"\ntry:\n    run()\nexcept:\n    pass\n",
            "requirements.txt": "torch\nnumpy\n",
            ".github/workflows/ci.yml": "on: push\n",
        ])
        let findings = FindingCatalog.findings(facts: repo.facts(), capabilities: [])
        let codes = findings.map(\.code)
        XCTAssertEqual(codes.first, "MLA101")
        for code in ["MLA106", "MLA107", "MLA108", "MLA112", "MLA115", "MLA118", "MLA119"] { XCTAssertTrue(codes.contains(code), code) }
        XCTAssertEqual(findings.map(\.severity), findings.map(\.severity).sorted())
        // Among medium findings, code evidence (bare except) ranks above configuration, configuration above absence.
        let medium = findings.filter { $0.severity == .medium }.map(\.code)
        XCTAssertLessThan(medium.firstIndex(of: "MLA115")!, medium.firstIndex(of: "MLA107")!)
        XCTAssertLessThan(medium.firstIndex(of: "MLA107")!, medium.firstIndex(of: "MLA108")!)
    }

    func testSecretFindingNeverCarriesTheValue() throws {
        let repo = try FixtureRepository.committed(["cfg.py": "KEY = \"\(FixtureSecrets.huggingFace)\"\n"])
        let findings = FindingCatalog.findings(facts: repo.facts(), capabilities: [])
        let secret = try XCTUnwrap(findings.first { $0.code == "MLA101" })
        let rendered = "\(secret.title) \(secret.evidence.map { "\($0.citation) \($0.text ?? "")" })"
        XCTAssertFalse(rendered.contains(FixtureSecrets.huggingFace))
        XCTAssertTrue(rendered.contains("REDACTED"))
    }

    func testEmptyRepositoryYieldsNothing() throws {
        let repo = try FixtureRepository.committed(["README.md": "# notes\n"])
        XCTAssertEqual(FindingCatalog.findings(facts: repo.facts(), capabilities: []).map(\.code), [])
    }
}
