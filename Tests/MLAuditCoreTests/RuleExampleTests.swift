import XCTest
@testable import MLAuditCore
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditFacts
@testable import MLAuditRules
@testable import MLAuditRemediation
@testable import MLAuditRender

/// Builds RepositoryFacts from an in-memory file map in a temporary directory.
enum RuleFixture {
    static func facts(_ files: [String: String]) throws -> RepositoryFacts {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mlaudit-rule-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        if files.isEmpty { try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true) }
        let errors = ErrorLog(timestamp: "2026-11-25T00:00:00Z")
        let snapshot = RepositorySnapshot.take(root: root, errors: errors)
        return RepositoryFacts.build(snapshot: snapshot, git: GitFacts(), errors: errors)
    }

    static let settings = AuditSettings(date: "2026-11-25", timestamp: "2026-11-25T00:00:00Z")
}

/// Runs every rule's documented triggering and non-triggering examples.
final class RuleExampleTests: XCTestCase {
    func testEveryRuleExample() throws {
        var failures: [String] = []
        for rule in RuleCatalog.all {
            let d = rule.description
            XCTAssertFalse(d.triggering.isEmpty, "\(d.code) has no triggering example")
            XCTAssertFalse(d.nonTriggering.isEmpty, "\(d.code) has no non-triggering example")
            for (i, example) in (d.triggering + d.nonTriggering).enumerated() {
                let facts = try RuleFixture.facts(example.files)
                let ctx = RuleContext(facts: facts)
                let outcome = CapabilityEngine.evaluate(rule, ctx, settings: RuleFixture.settings)
                if outcome.state != example.expect {
                    let seen = outcome.candidates.map { "\($0.evidence.citation) \($0.verdict) \($0.note)" }.joined(separator: "; ")
                    failures.append("\(d.code) \(d.subfeature) example \(i): expected \(example.expect), got \(outcome.state) [\(seen)]")
                }
                if outcome.state != .absent {
                    for e in outcome.evidence {
                        XCTAssertFalse((e.text ?? "").isEmpty, "\(d.code) example \(i) cites a blank line \(e.citation)")
                    }
                }
                try? FileManager.default.removeItem(at: facts.root)
            }
        }
        XCTAssert(failures.isEmpty, failures.joined(separator: "\n"))
    }

    func testCatalogMatchesContract() {
        let names = RuleCatalog.capabilities.map(\.name)
        XCTAssertEqual(names, ["Tokenization", "Modeling", "Training Engine", "Configuration Management", "Evaluation & Metrics",
                               "Logging & Monitoring", "Checkpointing & Resume", "Data Handling", "Security & Safety",
                               "Internal CI/Test", "Deployment", "Documentation & Examples", "Experiment Tracking", "Extensibility"])
        let subs = RuleCatalog.all.map(\.description.subfeature)
        XCTAssertEqual(subs.count, 45)
        XCTAssertEqual(subs, ["fast tokenizer", "vocab", "encode/decode", "padding/truncation", "model init", "dtype", "device placement",
                              "LoRA/PEFT hooks", "training loop", "precision", "gradient accumulation", "structured config", "overrides",
                              "sweeps", "validation loop", "metrics API", "NDJSON/CSV logging", "tracker logging", "system metrics",
                              "weights", "optimizer state", "scheduler state", "RNG state", "best-k retention", "resume", "dataset splits",
                              "deterministic shuffling", "caching", "dependency locking", "secrets scanning", "prompt safety",
                              "pytest targets", "local gates", "coverage enforcement", "packaging", "CLI entry points", "Docker infra",
                              "README", "quickstart", "diagrams", "notebooks or examples", "MLflow local tracking", "W&B offline mode",
                              "pluggable components", "registry patterns"])
        XCTAssertEqual(Set(RuleCatalog.all.map(\.description.code)).count, 45, "rule codes are unique")
        for cap in RuleCatalog.capabilities {
            XCTAssert(cap.rules.allSatisfy { $0.description.capability == cap.name }, "\(cap.name) holds a foreign rule")
        }
    }
}
