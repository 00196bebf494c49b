import Testing
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

/// Builds RepositoryFacts from an in-memory file map in a temporary directory.
enum RuleFixture {
    static func facts(_ files: [String: String]) throws -> RepositoryFacts {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mlaudit-rule-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: url)
        }
        if files.isEmpty { try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true) }
        let errors = ErrorLog(timestamp: "2026-11-25T00:00:00Z")
        let snapshot = RepositorySnapshot.take(root: root, errors: errors)
        return RepositoryFacts.build(snapshot: snapshot, git: GitFacts(), errors: errors)
    }

    static let settings = AuditSettings(date: "2026-11-25", timestamp: "2026-11-25T00:00:00Z")
}

/// Runs each rule's documented triggering and non-triggering examples: one test case per rule, named by its code,
/// so a failure names the rule and one rule runs alone (`swift test --filter "RuleExampleTests"`).
@Suite struct RuleExampleTests {
    @Test("the rule's documented examples", arguments: RuleCatalog.all.map(\.description.code))
    func examples(_ code: RuleCode) throws {
        let rule = try #require(RuleCatalog.rule(named: code.rawValue))
        let d = rule.description
        #expect(!d.triggering.isEmpty, "\(code) has no triggering example")
        #expect(!d.nonTriggering.isEmpty, "\(code) has no non-triggering example")
        for (i, example) in (d.triggering + d.nonTriggering).enumerated() {
            let facts = try RuleFixture.facts(example.files)
            defer { try? FileManager.default.removeItem(at: facts.root) }
            let outcome = CapabilityEngine.evaluate(rule, RuleContext(facts: facts), settings: RuleFixture.settings)
            let seen = outcome.candidates.map { "\($0.evidence.citation) \($0.verdict) \($0.note)" }.joined(
                separator: "; ")
            #expect(outcome.state == example.expect, "\(code) \(d.subfeature) example \(i): [\(seen)]")
            if outcome.state != .absent {
                for e in outcome.evidence {
                    #expect(!(e.text ?? "").isEmpty, "\(code) example \(i) cites a blank line \(e.citation)")
                }
            }
        }
    }

    /// `mlaudit explain` reads what a rule searches from its declaration: a rule that declares nothing would explain
    /// an absence with no names and no files.
    @Test("the rule declares what it searches", arguments: RuleCatalog.all.map(\.description.code))
    func declaresSearches(_ code: RuleCode) throws {
        let d = try #require(RuleCatalog.rule(named: code.rawValue)).description
        #expect(!d.searches.isEmpty, "\(code) declares no searched names or files")
        for name in d.searches.names {
            #expect(name.wholeMatch(of: /[A-Za-z_][A-Za-z0-9_.-]*/) != nil, "\(code) searches `\(name)`: not a name")
        }
        let facts = try RuleFixture.facts([:])
        defer { try? FileManager.default.removeItem(at: facts.root) }
        let ctx = RuleContext(facts: facts)
        let rule = try #require(RuleCatalog.rule(named: code.rawValue))
        let outcome = CapabilityEngine.evaluate(rule, ctx, settings: RuleFixture.settings)
        let searched = AbsenceExplainer.explain(rule, ctx, outcome: outcome).searched.joined(separator: "\n")
        for item in d.searches.names + d.searches.files {
            #expect(searched.contains(item), "\(code): explain does not list `\(item)` as searched")
        }
    }
}

final class RuleCatalogTests: XCTestCase {
    func testCatalogMatchesContract() {
        let names = RuleCatalog.capabilities.map(\.name)
        XCTAssertEqual(
            names,
            [
                "Tokenization", "Modeling", "Training Engine", "Configuration Management", "Evaluation & Metrics",
                "Logging & Monitoring", "Checkpointing & Resume", "Data Handling", "Security & Safety",
                "Internal CI/Test", "Deployment", "Documentation & Examples", "Experiment Tracking", "Extensibility",
            ])
        let subs = RuleCatalog.all.map(\.description.subfeature.rawValue)
        XCTAssertEqual(subs.count, 45)
        XCTAssertEqual(
            subs,
            [
                "fast tokenizer", "vocab", "encode/decode", "padding/truncation", "model init", "dtype",
                "device placement",
                "LoRA/PEFT hooks", "training loop", "precision", "gradient accumulation", "structured config",
                "overrides",
                "sweeps", "validation loop", "metrics API", "NDJSON/CSV logging", "tracker logging", "system metrics",
                "weights", "optimizer state", "scheduler state", "RNG state", "best-k retention", "resume",
                "dataset splits",
                "deterministic shuffling", "caching", "dependency locking", "secrets scanning", "prompt safety",
                "pytest targets", "local gates", "coverage enforcement", "packaging", "CLI entry points",
                "Docker infra",
                "README", "quickstart", "diagrams", "notebooks or examples", "MLflow local tracking",
                "W&B offline mode",
                "pluggable components", "registry patterns",
            ])
        XCTAssertEqual(Set(RuleCatalog.all.map(\.description.code)).count, 45, "rule codes are unique")
        for cap in RuleCatalog.capabilities {
            XCTAssert(
                cap.rules.allSatisfy { $0.description.capability == cap.capability }, "\(cap.name) holds a foreign rule"
            )
        }
        XCTAssertEqual(
            RuleCatalog.all.map(\.description.subfeature), Subfeature.allCases,
            "one rule per sub-feature, in contract order")
    }
}
