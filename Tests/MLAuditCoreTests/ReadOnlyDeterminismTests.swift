import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class ReadOnlyDeterminismTests: XCTestCase {
    func testTwoRunsGiveIdenticalBytesAndTheTreeIsUntouched() throws {
        let repo = try FixtureRepository.mlProject()
        try repo.write("notes/untracked.md", "# scratch\n")  // untracked, not ignored
        try repo.write("ckpt.pt", Data([0, 1, 2]))  // ignored
        let before = try repo.fingerprint()
        let a = Auditor.run(root: repo.root, settings: .pinned())
        let b = Auditor.run(root: repo.root, settings: .pinned())
        XCTAssertEqual(a.markdown, b.markdown)
        XCTAssertEqual(a.json, b.json)
        XCTAssertEqual(try repo.fingerprint(), before, "the audit wrote into the audited tree")
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.root.appendingPathComponent(".git/index.lock").path))
    }
}

/// Swift seeds its hashing per process, so only separate processes expose a Set or Dictionary order leaking into
/// the report. This runs the binary several times on a repository with many same-strength candidates.
final class CrossProcessDeterminismTests: XCTestCase {
    func testSeparateRunsGiveIdenticalBytes() throws {
        let repo = try FixtureRepository.mlProject()
        var layers =
            "import abc\nimport torch.nn as nn\n\n\nclass Adapter(abc.ABC):\n    @abc.abstractmethod\n    def apply(self, x):\n        ...\n"
        for i in 0..<12 {
            layers += "\n\nclass LoRALayer\(i)(nn.Module, Adapter):\n    def apply(self, x):\n        return x\n"
        }
        try repo.write("tinyml/adapters.py", layers)
        try repo.write("tinyml/more_adapters.py", layers.replacingOccurrences(of: "LoRALayer", with: "AdapterLinear"))
        try repo.commitAll("adapters")
        var outputs: Set<String> = []
        for _ in 0..<4 {
            let r = try Binary.run(["audit", repo.root.path, "--date", "2026-11-25", "--format", "json"])
            XCTAssertTrue([0, 1].contains(r.exitCode), r.stderrText)
            outputs.insert(r.stdoutText)
        }
        XCTAssertEqual(outputs.count, 1, "the JSON differs between runs")
    }
}
