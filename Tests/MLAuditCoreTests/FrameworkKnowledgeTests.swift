import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditRules

/// Every entry of every framework file: well-formed, documented, and its two examples behave.
final class FrameworkKnowledgeTests: XCTestCase {
    func testFilesLoadAndEveryEntryIsDocumented() {
        let specs = FrameworkKnowledge.all
        XCTAssertEqual(
            Set(specs.map(\.framework)),
            [
                "accelerate", "composer", "deepspeed", "detectron2", "keras", "lightning", "lighteval", "megatron",
                "transformers",
            ])
        let subfeatures = Set(RuleCatalog.all.map(\.description.subfeature))
        for spec in specs {
            XCTAssertFalse(spec.detect.imports.isEmpty, "\(spec.framework): no import to detect it by")
            for e in spec.entries {
                XCTAssert(subfeatures.contains(e.subfeature), "\(spec.framework): unknown sub-feature \(e.subfeature)")
                XCTAssert(e.doc.hasPrefix("https://"), "\(spec.framework) \(e.names): no documentation URL")
                XCTAssertFalse(e.names.isEmpty)
                XCTAssertFalse(e.examples.triggering.isEmpty)
                XCTAssertFalse(e.examples.nonTriggering.isEmpty)
            }
        }
    }

    func testEveryEntryExample() throws {
        var failures: [String] = []
        for spec in FrameworkKnowledge.all {
            for (i, e) in spec.entries.enumerated() {
                var only = spec
                only.entries = [e]
                for (files, expected) in [(e.examples.triggering, true), (e.examples.nonTriggering, false)] {
                    let facts = try RuleFixture.facts(files)
                    let ctx = RuleContext(facts: facts)
                    let accepted = ctx.frameworkCandidates(subfeature: e.subfeature, specs: [only]).filter {
                        $0.verdict == .accepted
                    }
                    if accepted.isEmpty == expected {
                        failures.append(
                            "\(spec.framework) entry \(i) (\(e.subfeature), \(e.names.joined(separator: ","))): expected \(expected ? "a" : "no") match"
                        )
                    }
                    for c in accepted {
                        XCTAssertFalse(
                            (c.evidence.text ?? "").isEmpty, "\(spec.framework) entry \(i) cites a blank line")
                    }
                    try? FileManager.default.removeItem(at: facts.root)
                }
            }
        }
        XCTAssert(failures.isEmpty, failures.joined(separator: "\n"))
    }

    /// A framework's key counts only where the framework is imported or declared.
    func testConfigKeyNeedsTheFramework() throws {
        let facts = try RuleFixture.facts(["yamls/pretrain.yaml": "save_num_checkpoints_to_keep: 1\n"])
        defer { try? FileManager.default.removeItem(at: facts.root) }
        let ctx = RuleContext(facts: facts)
        let composer = FrameworkKnowledge.all.filter { $0.framework == "composer" }
        XCTAssertTrue(ctx.frameworkCandidates(subfeature: .bestKRetention, specs: composer).isEmpty)
    }

    /// A call into an external object that shares a name with a repository placeholder is not a stub.
    func testExternalReceiverIsNotResolvedByName() throws {
        let facts = try RuleFixture.facts([
            "pkg/attention.py": "class Attn:\n    def backward(self, grad):\n        raise NotImplementedError\n",
            "train.py":
                "from accelerate import Accelerator\naccelerator = Accelerator()\nfor batch in loader:\n    loss = model(batch)\n    accelerator.backward(loss)\n    optimizer.step()\n",
        ])
        defer { try? FileManager.default.removeItem(at: facts.root) }
        let ctx = RuleContext(facts: facts)
        let rule = RuleCatalog.rule(named: "training loop")!
        XCTAssertEqual(CapabilityEngine.evaluate(rule, ctx, settings: RuleFixture.settings).state, .present)
    }

    /// A call whose receiver is a repository class's instance does resolve to that class's placeholder.
    func testKnownReceiverResolvesToRepositoryPlaceholder() throws {
        let facts = try RuleFixture.facts([
            "pkg/engine.py": "class Engine:\n    def backward(self, loss):\n        raise NotImplementedError\n",
            "train.py":
                "from pkg.engine import Engine\ndef train():\n    engine = Engine()\n    loss = 1.0\n    engine.backward(loss)\n    optimizer.step()\n",
        ])
        defer { try? FileManager.default.removeItem(at: facts.root) }
        let ctx = RuleContext(facts: facts)
        let rule = RuleCatalog.rule(named: "training loop")!
        XCTAssertEqual(CapabilityEngine.evaluate(rule, ctx, settings: RuleFixture.settings).state, .stub)
    }
}
