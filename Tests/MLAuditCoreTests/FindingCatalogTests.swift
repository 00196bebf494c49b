import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class FindingCatalogTests: XCTestCase {
    func testRankingBySeverityThenStrength() throws {
        let repo = try FixtureRepository.committed([
            "train.py":
                "import os\nTOKEN = \"\(FixtureSecrets.huggingFace)\"\ntry:\n    run()\nexcept:\n    pass\nloss.backward()\n",
            "requirements.txt": "torch\nnumpy\n",
            ".github/workflows/ci.yml": "on: push\n",
        ])
        let facts = repo.facts()
        let findings = FindingCatalog.findings(facts: facts, capabilities: [])
        let codes = findings.map(\.code)
        XCTAssertEqual(codes.first, .mla101)
        for code: FindingCode in [.mla107, .mla108, .mla112, .mla115, .mla118, .mla119] {
            XCTAssertTrue(codes.contains(code), code.rawValue)
        }
        // Hosted CI is the repository's policy: no finding in the default preset, one neutral line in the codex one.
        XCTAssertFalse(codes.contains(.mla106))
        XCTAssertTrue(
            FindingCatalog.findings(facts: facts, capabilities: [], preset: .codex).map(\.code).contains(.mla106))
        // Consequential findings by severity, then fillers (research code: pins and locks; policy checks).
        let kind = RepositoryKind.of(FindingContext(facts: facts, capabilities: []))
        XCTAssertEqual(kind, .research)
        let core = findings.filter { !FindingRelevance.isFiller($0, kind: kind, capabilities: []) }
        XCTAssertEqual(Array(findings.prefix(core.count)).map(\.code), core.map(\.code), "fillers rank last")
        XCTAssertEqual(core.map(\.severity), core.map(\.severity).sorted())
        // Among fillers of one severity, configuration evidence (pins) ranks above absence (no lock file).
        let medium = findings.filter { $0.severity == .medium }.map(\.code)
        XCTAssertLessThan(medium.firstIndex(of: .mla115)!, medium.firstIndex(of: .mla107)!)
        XCTAssertLessThan(medium.firstIndex(of: .mla107)!, medium.firstIndex(of: .mla108)!)
        // Fillers are listed only to reach ten and say so: flagged in the report, never a consequential finding.
        XCTAssertEqual(findings.filter(\.filler).map(\.code), findings.dropFirst(core.count).map(\.code))
        XCTAssertFalse(findings.prefix(core.count).contains(where: \.filler))
        XCTAssertLessThanOrEqual(findings.count, max(10, core.count))
    }

    /// The Markdown labels each filler and says once how many findings meet the bar; no note when none is a filler.
    func testFillerNoteNamesTheItemsListedOnlyToReachTen() throws {
        let repo = try FixtureRepository.committed(["train.py": "import torch\nloss.backward()\n"])
        func finding(_ code: FindingCode, filler: Bool) -> Finding {
            var f = Finding(code: code, severity: .low, title: "t", why: "w", fix: "f", evidence: [])
            f.filler = filler
            return f
        }
        var r = Auditor.run(root: repo.root, settings: .pinned()).report
        r.findings = [finding(.mla115, filler: false), finding(.mla130, filler: true), finding(.mla117, filler: true)]
        XCTAssertEqual(
            FindingsSection.fillerNote(r, listed: 10),
            "   - Only 1 finding meets the bar of consequence for this repository; items 2–10 are lower signal, listed"
                + " because the template asks for ten (`findings[].filler` in the JSON twin).")
        var w = MarkdownWriter()
        FindingsSection.render(r, &w)
        XCTAssertTrue(w.text.contains("   2. **Lower signal — MLA130 (low): t**"), w.text)
        XCTAssertFalse(w.text.contains("   1. **Lower signal"), w.text)
        r.findings = r.findings.map {
            var f = $0
            f.filler = false
            return f
        }
        XCTAssertNil(FindingsSection.fillerNote(r, listed: 3))
        XCTAssertTrue(JSONRenderer.finding(r.findings[0]).serialized().contains("\"filler\": false"))
    }

    /// A finding about a table sub-feature exists only while the table says it is absent: no "no secret scanner"
    /// beside a present secrets-scanning row, no "no coverage floor" beside a codecov target.
    func testFindingsNeverContradictTheTable() throws {
        let repo = try FixtureRepository.committed([
            "src/pkg/__init__.py": "", "src/pkg/train.py": "import torch\nloss.backward()\n",
            "tests/test_a.py": "def test_a():\n    assert 1\n",
            "setup.py": "from setuptools import setup\nsetup(name='pkg')\n",
        ])
        let present = { (cap: String, sub: String) in
            CapabilityAssessment(
                capability: Capability(rawValue: cap)!,
                subfeatures: [
                    SubfeatureAssessment(
                        subfeature: Subfeature(rawValue: sub)!, state: .present,
                        evidence: [Evidence(path: "codecov.yml", line: 7)])
                ],
                artifacts: [], gaps: [], risks: [], patchPlan: "", rollback: "")
        }
        let caps = [
            present("Internal CI/Test", "coverage enforcement"), present("Security & Safety", "secrets scanning"),
        ]
        let codes = FindingCatalog.findings(facts: repo.facts(), capabilities: caps).map(\.code)
        XCTAssertFalse(codes.contains(.mla111), "\(codes)")
        XCTAssertFalse(codes.contains(.mla118), "\(codes)")
        // A pip-installable library gets no lock-file or pinning advice.
        XCTAssertFalse(codes.contains(.mla108), "\(codes)")
    }

    func testSecretFindingNeverCarriesTheValue() throws {
        let repo = try FixtureRepository.committed(["cfg.py": "KEY = \"\(FixtureSecrets.huggingFace)\"\n"])
        let findings = FindingCatalog.findings(facts: repo.facts(), capabilities: [])
        let secret = try XCTUnwrap(findings.first { $0.code == .mla101 })
        let rendered = "\(secret.title) \(secret.evidence.map { "\($0.citation) \($0.text ?? "")" })"
        XCTAssertFalse(rendered.contains(FixtureSecrets.huggingFace))
        XCTAssertTrue(rendered.contains("REDACTED"))
    }

    func testEmptyRepositoryYieldsNothing() throws {
        let repo = try FixtureRepository.committed(["README.md": "# notes\n"])
        XCTAssertEqual(FindingCatalog.findings(facts: repo.facts(), capabilities: []).map(\.code), [])
    }
}
