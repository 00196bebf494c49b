import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class GateRunnerTests: XCTestCase {
    static let files: [String: String] = [
        "Makefile":
            "good:\n\tpython3 -m pytest -q -p no:cacheprovider tests/test_good.py\n\nbad:\n\tpython3 -m pytest -q tests/test_bad.py\n",
        "tests/test_good.py": """
        import pathlib

        def test_passes():
            pathlib.Path("written_by_gate.txt").write_text("the gate wrote this")
            assert 1 + 1 == 2
        """,
        "tests/test_bad.py": "def test_fails():\n    assert 1 + 1 == 3, 'deliberate failure'\n",
    ]

    private func pytestAvailable() -> Bool {
        (try? ProcessRunner.run("python3", ["-m", "pytest", "--version"], timeout: 60))?.exitCode == 0
    }

    func testRunGatesRecordsRealExitCodesInATemporaryCopy() throws {
        try XCTSkipUnless(pytestAvailable(), "python3 -m pytest is not installed")
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let before = GateFixtures.tree(root)
        let facts = GateFixtures.facts(root)
        let gates = GateDiscovery.gates(facts: facts, settings: GateFixtures.settings(runGates: true))
        let byCommand = Dictionary(uniqueKeysWithValues: gates.map { ($0.command, $0) })

        let good = try XCTUnwrap(byCommand["make good"])
        XCTAssertTrue(good.ran)
        XCTAssertEqual(good.exitCode, 0, good.output ?? "")
        XCTAssertTrue(good.output?.contains("1 passed") ?? false, good.output ?? "")

        let bad = try XCTUnwrap(byCommand["make bad"])
        XCTAssertTrue(bad.ran)
        XCTAssertNotEqual(bad.exitCode, 0)
        XCTAssertNotNil(bad.exitCode)
        XCTAssertTrue(bad.output?.contains("1 failed") ?? false, bad.output ?? "")
        XCTAssertFalse(
            bad.output?.contains("mlaudit-gates-") ?? true, "the temporary path is not leaked into the report")

        // The whole suite runs too (the plain pytest gate), and fails because one test fails.
        let suite = try XCTUnwrap(byCommand["python -m pytest -q"])
        XCTAssertTrue(suite.ran)
        XCTAssertNotNil(suite.exitCode)

        // The audited tree is byte-identical: no written_by_gate.txt, no caches, no bytecode.
        XCTAssertEqual(GateFixtures.tree(root), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("written_by_gate.txt").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent(".pytest_cache").path))
    }

    func testWithoutRunGatesNothingRuns() throws {
        let root = try GateFixtures.repo(Self.files)
        defer { GateFixtures.remove(root) }
        let gates = GateDiscovery.gates(
            facts: GateFixtures.facts(root), settings: GateFixtures.settings(runGates: false))
        XCTAssertFalse(gates.isEmpty)
        XCTAssertTrue(gates.allSatisfy { !$0.ran && $0.exitCode == nil && $0.output == nil })
    }

    func testIsolationProbeEitherWrapsOrSaysWhy() {
        let iso = GateRunner.Isolation.probe()
        if iso.prefix.isEmpty {
            XCTAssertTrue(iso.note?.contains("network isolation unavailable") ?? false)
        } else {
            XCTAssertEqual(iso.prefix, ["unshare", "-rn"])
            XCTAssertNil(iso.note)
        }
    }

    func testTimedOutGateIsKilledAndReported() throws {
        let root = try GateFixtures.repo([
            "Makefile": "slow:\n\tpython3 -m pytest -q tests/test_slow.py\n",
            "tests/test_slow.py": "import time\n\ndef test_slow():\n    time.sleep(60)\n",
        ])
        defer { GateFixtures.remove(root) }
        try XCTSkipUnless(pytestAvailable(), "python3 -m pytest is not installed")
        let facts = GateFixtures.facts(root)
        let spec = try XCTUnwrap(GateDiscovery.discover(facts: facts).first { $0.command == "make slow" })
        var settings = GateFixtures.settings(runGates: true, timeout: 2)
        settings.gateTimeout = 2
        let outcome = GateRunner.run([spec], facts: facts, settings: settings)[0]
        XCTAssertTrue(outcome.ran)
        XCTAssertNotEqual(outcome.exitCode, 0)
        XCTAssertTrue(outcome.output?.contains("timed out") ?? false, outcome.output ?? "")
        XCTAssertTrue(facts.errors.all.contains { $0.step == .gates && $0.error.contains("timed out") })
    }

    func testTrimKeepsTheTail() {
        let long = (1...100).map { "line \($0)" }.joined(separator: "\n") + "\n\n"
        let t = GateRunner.trim(long)
        XCTAssertTrue(t.hasSuffix("line 100"))
        XCTAssertTrue(t.hasPrefix("..."))
        XCTAssertLessThanOrEqual(t.split(separator: "\n").count, 21)
        XCTAssertEqual(GateRunner.trim("  \n"), "(no output)")
        XCTAssertEqual(GateRunner.trim("\n\nno tests ran in 0.01s\n"), "no tests ran in 0.01s")
    }
}
