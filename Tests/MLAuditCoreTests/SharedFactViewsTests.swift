import Foundation
import XCTest

@testable import MLAuditFacts
@testable import MLAuditPython
@testable import MLAuditRemediation
@testable import MLAuditRules

/// Views that read shared facts by position instead of holding copies: config entries grouped by key and by file
/// (`ConfigEntryIndex`), a file's calls, assignments and imports as the remediation analyses see them (`FactList`).
final class SharedFactViewsTests: XCTestCase {
    func testConfigEntryIndexGivesEachGroupInEntryOrder() {
        let entries = [
            ConfigEntry(path: "a.yaml", format: .yaml, keyPath: "lr", key: "lr", value: "1", line: 1),
            ConfigEntry(path: "b.yaml", format: .yaml, keyPath: "seed", key: "seed", value: "0", line: 1),
            ConfigEntry(path: "a.yaml", format: .yaml, keyPath: "opt.lr", key: "lr", value: "2", line: 3),
        ]
        var byKey: [String: [Int32]] = [:]
        for (i, e) in entries.enumerated() { byKey[e.key, default: []].append(Int32(i)) }
        let index = ConfigEntryIndex(entries: entries, positions: byKey)
        XCTAssertEqual(index["lr"], [entries[0], entries[2]])
        XCTAssertEqual(index["seed"], [entries[1]])
        XCTAssertNil(index["batch_size"])
    }

    func testRuleContextGroupsProductEntriesByKeyAndPath() throws {
        let repo = try FixtureRepository.committed([
            "configs/train.yaml": "trainer:\n  Seed: 1\n  lr: 0.1\n",
            "configs/eval.yaml": "seed: 2\n",
            "train.py": "print(1)\n",
        ])
        let ctx = RuleContext(facts: repo.facts())
        XCTAssertEqual(ctx.entriesByKey["seed"]?.map(\.path), ["configs/eval.yaml", "configs/train.yaml"])
        XCTAssertEqual(
            ctx.entriesByPath["configs/train.yaml"]?.map(\.keyPath), ["trainer", "trainer.Seed", "trainer.lr"])
        XCTAssertEqual(ctx.entries(key: "SEED").map(\.value), ["2", "1"])
    }

    func testCodeSignalsReadTheModuleOrTheText() throws {
        try XCTSkipUnless(ReaderProbe.available)
        let repo = try FixtureRepository.committed([
            "pkg/__init__.py": "",
            "pkg/train.py":
                "import torch\nfrom os import path as p, sep\nseed = 3\ntorch.manual_seed(seed, device='cpu')\n",
        ])
        let facts = repo.facts()
        let read = CodeSignals(path: "pkg/train.py", facts: facts)
        XCTAssertEqual(read.calls.map(\.callee), ["torch.manual_seed"])
        XCTAssertEqual(read.calls.first?.arguments, "seed, device='cpu'")
        XCTAssertEqual(read.assignments.map { "\($0.target)=\($0.value)" }, ["seed=3"])
        XCTAssertEqual(read.imports.map(\.module), ["torch", "os"])
        XCTAssertEqual(read.namesImported(from: "os"), ["path", "sep"])
        XCTAssertTrue(read.importsModule("torch"))
        // A file the reader has no facts for is read from its text.
        let empty = CodeSignals(path: "pkg/__init__.py", facts: facts)
        XCTAssertTrue(empty.calls.isEmpty && empty.assignments.isEmpty && empty.imports.isEmpty)
    }
}

extension SharedFactViewsTests {
    /// Config entries are held by the hundred thousand: four strings, then the 32-bit line and the two one-byte
    /// fields packed into one 8-byte slot.
    func testConfigEntryHasNoInteriorPadding() {
        XCTAssertEqual(MemoryLayout<ConfigEntry>.stride, 4 * MemoryLayout<String>.stride + 8)
    }
}
