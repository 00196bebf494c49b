import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Fingerprints survive line moves and never hash a secret; baselines and deltas match on them.
final class FingerprintDeltaTests: XCTestCase {
    func testFingerprintIgnoresLineNumbersAndWhitespaceButNotCode() {
        let a = FindingFingerprint.location(
            code: "MLA102", path: "train.py", snippet: "ckpt = torch.load(p)", occurrence: 0)
        XCTAssertEqual(a.count, 64)
        XCTAssertEqual(
            a,
            FindingFingerprint.location(
                code: "MLA102", path: "train.py", snippet: "ckpt  =   torch.load(p)", occurrence: 0))
        XCTAssertNotEqual(
            a,
            FindingFingerprint.location(
                code: "MLA103", path: "train.py", snippet: "ckpt = torch.load(p)", occurrence: 0))
        XCTAssertNotEqual(
            a,
            FindingFingerprint.location(code: "MLA102", path: "eval.py", snippet: "ckpt = torch.load(p)", occurrence: 0)
        )
        XCTAssertNotEqual(
            a,
            FindingFingerprint.location(
                code: "MLA102", path: "train.py", snippet: "ckpt = torch.load(p)", occurrence: 1))
    }

    func testSecretsAreRedactedBeforeHashing() {
        let token = FixtureSecrets.huggingFace
        let other = "hf" + "_" + "Zz9tZr2KpX9vLw4NcB8sJd3HfY6gTa1UeR5o"
        // Two different tokens on the same line give the same fingerprint: only the redacted text is hashed.
        XCTAssertEqual(
            FindingFingerprint.location(
                code: "MLA113", path: "a.py", snippet: "wandb.login(key=\"\(token)\")", occurrence: 0),
            FindingFingerprint.location(
                code: "MLA113", path: "a.py", snippet: "wandb.login(key=\"\(other)\")", occurrence: 0))
        XCTAssertFalse(FindingFingerprint.normalize("t = \"\(token)\"").contains(token))
    }

    func testFingerprintsSurviveALineMoveAndTheBaselineDropsKnownFindings() throws {
        let repo = try FixtureRepository("moves")
        try repo.initGit()
        try repo.write("load.py", "import torch\nstate = torch.load(path)\n")
        try repo.commitAll("one")
        let first = Auditor.run(root: repo.root, settings: .pinned())
        try repo.write(
            "load.py", "import torch\n\n\n# moved down\nstate = torch.load(path)\nother = torch.load(path2)\n")
        try repo.commitAll("two")
        let second = Auditor.run(root: repo.root, settings: .pinned())
        let old = try ReportSnapshot(json: Data(first.json.utf8), file: "old.json")
        let f1 = first.report.findings.first { $0.code == .mla102 }!
        let f2 = second.report.findings.first { $0.code == .mla102 }!
        XCTAssertEqual(f1.fingerprints.count, 1)
        XCTAssertTrue(f2.fingerprints.contains(f1.fingerprints[0]), "the moved line keeps its fingerprint")
        let (kept, dropped) = Baseline.filter(second.report.findings, known: old.fingerprints)
        XCTAssertEqual(dropped, first.report.findings.reduce(0) { $0 + $1.fingerprints.count })
        XCTAssertEqual(kept.map(\.code), [.mla102])
        XCTAssertEqual(kept.first?.evidence.map(\.line), [6], "only the new torch.load is reported")
        // The JSON without stored fingerprints (an older report) gives the same identities.
        let stripped = first.json.replacingOccurrences(of: "\"fingerprints\":", with: "\"x_fingerprints\":")
        XCTAssertEqual(try ReportSnapshot(json: Data(stripped.utf8), file: "old.json").fingerprints, old.fingerprints)
    }

    /// The issue's own case: a commit that adds a checkpoint save moves "Checkpointing & Resume" and the delta names it.
    func testDeltaNamesTheStatusChangeAfterACheckpointSaveIsAdded() throws {
        let repo = try FixtureRepository("ckpt")
        try repo.initGit()
        let train = """
            import torch


            def train(model, optimizer, data):
                for x, y in data:
                    loss = torch.nn.functional.mse_loss(model(x), y)
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()

            """
        try repo.write("train.py", train)
        try repo.commitAll("train loop")
        let before = Auditor.run(root: repo.root, settings: .pinned("2026-11-24"))
        try repo.write("train.py", train + "    torch.save(model.state_dict(), \"ckpt.pt\")\n")
        try repo.commitAll("save a checkpoint", date: "2026-01-03T03:04:05Z")
        var after = Auditor.run(root: repo.root, settings: .pinned("2026-11-25")).report
        let statusBefore = before.report.capabilities.first { $0.name == "Checkpointing & Resume" }!.status
        let statusAfter = after.capabilities.first { $0.name == "Checkpointing & Resume" }!.status
        XCTAssertNotEqual(statusBefore, statusAfter)
        let delta = ReportSnapshot(report: after).delta(
            since: try ReportSnapshot(json: Data(before.json.utf8), file: "status-update-2026-11-24.json"))
        XCTAssertTrue(
            delta.statusChanges.contains(
                .init(capability: "Checkpointing & Resume", from: statusBefore.rawValue, to: statusAfter.rawValue)),
            "\(delta.statusChanges)")
        XCTAssertTrue(
            delta.summary.contains("Checkpointing & Resume \(statusBefore.rawValue) → \(statusAfter.rawValue)"),
            delta.summary)
        after.delta = delta
        let rendered = Auditor.render(after)
        XCTAssertTrue(
            rendered.markdown.contains("**Recent changes.**")
                && rendered.markdown.contains("Since the report of 2026-11-24"))
        let recent = rendered.markdown.split(separator: "\n").first { $0.contains("**Recent changes.**") } ?? ""
        XCTAssertTrue(
            recent.contains("Checkpointing &amp; Resume") || recent.contains("Checkpointing & Resume"), String(recent))
        let doc = try JSONSerialization.jsonObject(with: Data(rendered.json.utf8)) as! [String: Any]
        let moved = (doc["delta"] as? [String: Any])?["status_changes"] as? [[String: String]] ?? []
        XCTAssertTrue(
            moved.contains { $0["capability"] == "Checkpointing & Resume" && $0["to"] == statusAfter.rawValue },
            "\(moved)")
    }

    func testNoDeltaAgainstItself() throws {
        let repo = try FixtureRepository.mlProject()
        let o = Auditor.run(root: repo.root, settings: .pinned())
        let d = ReportSnapshot(report: o.report).delta(
            since: try ReportSnapshot(json: Data(o.json.utf8), file: "same.json"))
        XCTAssertTrue(d.isEmpty, "\(d)")
        XCTAssertTrue(
            d.summary.contains("no capability status moved; 0 new finding location(s); 0 resolved"), d.summary)
    }

    func testEveryFindingIsInTheJSONAndTheMarkdownShowsTwenty() throws {
        let repo = try FixtureRepository("many")
        try repo.initGit()
        // Many independent checks fire: unsafe loads, shell, yaml, bare except, TODOs, tracked .env, ...
        try repo.write(
            "a.py",
            "import torch, pickle, yaml, os, subprocess\nx = torch.load(p)\ny = pickle.load(f)\nz = yaml.load(s)\nos.system(c)\nsubprocess.run(c, shell=True)\neval(input())\ntry:\n    pass\nexcept:\n    pass\n# TODO: fix\nfrom transformers import AutoModel\nm = AutoModel.from_pretrained(n, trust_remote_code=True)\n"
        )
        try repo.write(".env", "A=1\n")
        try repo.write("requirements.txt", "torch\n")
        try repo.write(".github/workflows/ci.yml", "on: push\n")
        try repo.commitAll("many")
        let o = Auditor.run(root: repo.root, settings: .pinned())
        let json = try JSONSerialization.jsonObject(with: Data(o.json.utf8)) as! [String: Any]
        XCTAssertEqual((json["findings"] as! [Any]).count, o.report.findings.count)
        let numbered = o.markdown.split(separator: "\n").filter {
            $0.range(of: #"^   [0-9]+\. \*\*MLA"#, options: .regularExpression) != nil
        }
        XCTAssertEqual(numbered.count, min(o.report.findings.count, 20))
        if o.report.findings.count > 20 {
            XCTAssertTrue(o.markdown.contains("more finding(s) of lower rank are in the JSON twin"))
        }
    }
}
