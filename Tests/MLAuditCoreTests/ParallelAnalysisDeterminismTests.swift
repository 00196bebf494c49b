import Foundation
import Testing

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditReport
@testable import MLAuditRules

/// Capability rules and finding checks run concurrently; their results must be exactly what a serial run gives,
/// run after run, whatever the interleaving.
@Suite struct ParallelAnalysisDeterminismTests {
    /// A repository where many rules and checks fire, with several same-strength candidates per sub-feature.
    static let files: [String: String] = {
        var files: [String: String] = [
            "requirements.txt": "torch\ntransformers\npyyaml\n",
            "configs/train.yaml": "lr: 0.001\nseed: 1\nsave_top_k: 3\ngradient_accumulation_steps: 4\n",
            "README.md": "# Demo\n\nRun `python train.py --config configs/train.yaml`.\n",
        ]
        for i in 0..<6 {
            files["pkg/train\(i).py"] = """
                import pickle, yaml, torch, random
                import numpy as np
                from torch.utils.data import DataLoader

                def main(args):
                    random.seed(args.seed)
                    cfg = yaml.load(open(args.config))
                    state = torch.load(args.ckpt)
                    model.to(args.device)
                    loader = DataLoader(ds, batch_size=8, shuffle=True)
                    opt.load_state_dict(state["optimizer"])
                    model.load_state_dict(state["model"])
                    for step, batch in enumerate(loader):
                        loss = model(batch) / args.gradient_accumulation_steps
                        loss.backward()
                        opt.step()
                        sched.step()
                    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict()}, "ckpt\(i).pt")
                    try:
                        pickle.load(open("x.pkl", "rb"))
                    except:
                        pass
                """
        }
        return files
    }()

    @Test func concurrentRulesEqualSerialRules() throws {
        let facts = try RuleFixture.facts(Self.files)
        defer { try? FileManager.default.removeItem(at: facts.root) }
        let serial = CapabilityEngine.assess(
            context: RuleContext(facts: facts), settings: RuleFixture.settings, concurrent: false)
        #expect(serial.flatMap(\.subfeatures).contains { $0.state == .present })
        for _ in 0..<4 {
            let concurrent = CapabilityEngine.assess(
                context: RuleContext(facts: facts), settings: RuleFixture.settings, concurrent: true)
            #expect(String(describing: concurrent) == String(describing: serial))
        }
    }

    @Test func concurrentChecksEqualSerialChecks() throws {
        let facts = try RuleFixture.facts(Self.files)
        defer { try? FileManager.default.removeItem(at: facts.root) }
        let caps = CapabilityEngine.assess(facts: facts, settings: RuleFixture.settings)
        let serial = FindingCatalog.findings(
            context: FindingContext(facts: facts, capabilities: caps), checks: FindingCatalog.checks,
            concurrent: false)
        #expect(!serial.isEmpty)
        for _ in 0..<4 {
            let concurrent = FindingCatalog.findings(
                context: FindingContext(facts: facts, capabilities: caps), checks: FindingCatalog.checks,
                concurrent: true)
            #expect(concurrent == serial)
        }
    }

    @Test func concurrentMapKeepsInputOrder() {
        let squares = ConcurrentMap.map(Array(0..<500)) { $0 * $0 }
        #expect(squares == (0..<500).map { $0 * $0 })
        #expect(ConcurrentMap.map([Int]()) { $0 }.isEmpty)
        #expect(ConcurrentMap.map([7]) { $0 + 1 } == [8])
    }
}
