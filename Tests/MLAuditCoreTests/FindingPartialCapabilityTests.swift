import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// MLA130: absent sub-features of Partially Implemented capabilities, after every other finding, without duplicates.
final class FindingPartialCapabilityTests: XCTestCase {
    private func capability(_ name: String, _ subs: [(String, SubfeatureState, [Evidence])], gaps: [CapabilityGap])
        -> CapabilityAssessment
    {
        CapabilityAssessment(
            capability: Capability(rawValue: name)!,
            subfeatures: subs.map {
                SubfeatureAssessment(subfeature: Subfeature(rawValue: $0.0)!, state: $0.1, evidence: $0.2)
            },
            artifacts: [], gaps: gaps, risks: [], patchPlan: "", rollback: "")
    }

    func testOneFindingPerAbsentSubfeatureWithGapTextEvidenceAndSeverity() throws {
        let repo = try FixtureRepository.committed([
            "src/train.py": "import torch; loss = torch.ones(1, requires_grad=True).sum()\nloss.backward()\n",
            "src/data.py": "y = 2\n",
            "tests/test_a.py": "def test_a():\n    assert 1\n",
        ])
        let ckpt = capability(
            "Checkpointing & Resume",
            [
                ("weights", .present, [Evidence(path: "src/train.py", line: 2)]),
                ("RNG state", .absent, []), ("best-k retention", .absent, []),
            ],
            gaps: [
                CapabilityFixtures.gap(
                    .rngState, "the RNG state is not saved; save it in `src/train.py`", files: ["src/train.py"]),
                CapabilityFixtures.gap(.bestKRetention, "only the last checkpoint is kept"),
            ])
        let data = capability(
            "Data Handling",
            [
                ("dataset splits", .present, [Evidence(path: "src/data.py", line: 1)]), ("caching", .absent, []),
                ("deterministic shuffling", .absent, []),
            ],
            gaps: [
                CapabilityFixtures.gap(
                    .caching, "nothing is cached; cache in `src/missing.py`", files: ["src/missing.py"]),
                CapabilityFixtures.gap(.deterministicShuffling, "shuffling is unseeded"),
            ])
        // An absent sub-feature overridden by settings is not a gap.
        var overridden = capability(
            "Tokenization",
            [("vocab", .present, [Evidence(path: "src/data.py", line: 1)]), ("padding/truncation", .absent, [])],
            gaps: [CapabilityFixtures.gap(.paddingTruncation, "no padding")])
        overridden.subfeatures[1].override = .notApplicable(reason: "no text inputs")
        let findings = FindingCatalog.findings(facts: repo.facts(), capabilities: [ckpt, data, overridden])
        let partial = findings.filter { $0.code == .mla130 }
        XCTAssertEqual(partial.count, 4, "\(partial.map(\.title))")
        let rng = try XCTUnwrap(partial.first { $0.title.contains("RNG state") })
        XCTAssertEqual(rng.severity, .medium)
        XCTAssertEqual(
            rng.title,
            "Checkpointing & Resume is Partially Implemented: RNG state: the RNG state is not saved; save it in `src/train.py`"
        )
        XCTAssertEqual(
            rng.evidence.map(\.citation), ["src/train.py:2"], "the present evidence in the file the gap names")
        let retention = try XCTUnwrap(partial.first { $0.title.contains("best-k retention") })
        XCTAssertEqual(retention.severity, .low)
        XCTAssertEqual(retention.evidence.map(\.citation), ["src/train.py:2"], "the capability's strongest evidence")
        // A file the gap names that does not exist is not cited.
        XCTAssertEqual(partial.first { $0.title.contains("caching") }?.evidence.map(\.citation), ["src/data.py:1"])
        XCTAssertFalse(partial.contains { $0.title.contains("padding") })
        // Consequential gaps (RNG state, shuffling) after the other consequential findings; minor ones (best-k,
        // caching) after everything, with the other fillers (no local gates, no coverage floor).
        let kind = RepositoryKind.of(FindingContext(facts: repo.facts(), capabilities: []))
        let core = findings.filter { !FindingRelevance.isFiller($0, kind: kind, capabilities: []) }
        let firstPartial = try XCTUnwrap(core.firstIndex { $0.code == .mla130 })
        XCTAssertTrue(core[firstPartial...].allSatisfy { $0.code == .mla130 }, "\(findings.map(\.code))")
        XCTAssertEqual(findings.suffix(2).map(\.code), [.mla130, .mla130], "\(findings.map(\.code))")
        XCTAssertTrue(
            findings.contains { $0.code == .mla119 || $0.code == .mla111 },
            "the fixture has other findings (no local gates, no coverage floor)")
    }

    func testSkipsSubfeaturesASpecificCheckReports() throws {
        // No lock file (MLA108 fires) and no secret scanner (MLA118 fires): the partial Security capability adds nothing for them.
        let repo = try FixtureRepository.committed(["train.py": "import torch\n", "requirements.txt": "torch\n"])
        let security = capability(
            "Security & Safety",
            [
                ("prompt safety", .present, [Evidence(path: "train.py", line: 1)]),
                ("dependency locking", .absent, []), ("secrets scanning", .absent, []),
            ],
            gaps: [
                CapabilityFixtures.gap(.dependencyLocking, "no lock file"),
                CapabilityFixtures.gap(.secretsScanning, "no scanner"),
            ])
        let codes = FindingCatalog.findings(facts: repo.facts(), capabilities: [security]).map(\.code)
        XCTAssertTrue(codes.contains(.mla108) && codes.contains(.mla118), "\(codes)")
        XCTAssertFalse(codes.contains(.mla130), "\(codes)")
        // With a scanner configured and a lock recipe absent, only what no specific check reports remains.
        let scanned = try FixtureRepository.committed([
            "train.py": "import torch\n", "requirements.txt": "torch==2.1.0\n", "poetry.lock": "",
            ".pre-commit-config.yaml":
                "repos:\n  - repo: https://github.com/Yelp/detect-secrets\n    rev: v1.5.0\n    hooks:\n      - id: detect-secrets\n",
        ])
        let stillAbsent = capability(
            "Security & Safety",
            [
                ("prompt safety", .present, [Evidence(path: "train.py", line: 1)]),
                ("secrets scanning", .absent, []),
            ], gaps: [CapabilityFixtures.gap(.secretsScanning, "the scanner is not run by any gate")])
        let partial = FindingCatalog.findings(facts: scanned.facts(), capabilities: [stillAbsent]).filter {
            $0.code == .mla130
        }
        XCTAssertEqual(
            partial.map(\.title),
            ["Security & Safety is Partially Implemented: secrets scanning: the scanner is not run by any gate"])
        XCTAssertEqual(partial.first?.severity, .medium)
    }

    func testCheckpointSubfeaturesCoveredOnlyWhenTheSpecificFindingNamesThem() throws {
        let train =
            "import torch\noptimizer = torch.optim.AdamW(model.parameters())\nloss.backward()\noptimizer.step()\ntorch.save({'model': model.state_dict(), 'opt': optimizer.state_dict()}, 'c.pt')\n"
        let repo = try FixtureRepository.committed(["train.py": train])
        let facts = repo.facts()
        guard !FindingContext(facts: facts, capabilities: []).trainingModules.isEmpty else {
            throw XCTSkip("the Python structure reader is not available")
        }
        let ckpt = capability(
            "Checkpointing & Resume",
            [
                ("weights", .present, [Evidence(path: "train.py", line: 5)]),
                ("RNG state", .absent, []), ("resume", .absent, []),
            ],
            gaps: [
                CapabilityFixtures.gap(.rngState, "not saved"),
                CapabilityFixtures.gap(.resume, "nothing restores the checkpoint"),
            ])
        let findings = FindingCatalog.findings(facts: facts, capabilities: [ckpt])
        XCTAssertTrue(findings.contains { $0.code == .mla110 && $0.title.contains("RNG state") })
        XCTAssertEqual(
            findings.filter { $0.code == .mla130 }.map(\.title),
            ["Checkpointing & Resume is Partially Implemented: resume: nothing restores the checkpoint"])
    }
}
