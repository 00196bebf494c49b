import MLAuditPython
import XCTest

@testable import MLAuditCore
@testable import MLAuditFacts
@testable import MLAuditKit
@testable import MLAuditRemediation
@testable import MLAuditRender
@testable import MLAuditReport
@testable import MLAuditRules

final class CapabilityEngineTests: XCTestCase {
    private func assess(_ files: [String: String], settings: AuditSettings = RuleFixture.settings) throws
        -> [CapabilityAssessment]
    {
        let facts = try RuleFixture.facts(files)
        defer { try? FileManager.default.removeItem(at: facts.root) }
        return CapabilityEngine.assess(facts: facts, settings: settings)
    }

    private func sub(_ caps: [CapabilityAssessment], _ name: String) -> SubfeatureAssessment? {
        caps.flatMap(\.subfeatures).first { $0.name == name }
    }

    /// A gap names the file that holds most of the capability's present sub-features: RNG state belongs in the
    /// checkpoint that saves weights, optimizer state and resumes, not in a file that only exports weights (even
    /// when that export is the weights' strongest evidence).
    func testGapAnchorIsTheFileHoldingMostSiblings() throws {
        let facts = try RuleFixture.facts(["pkg/export.py": "x = 1\n", "pkg/train.py": "y = 2\n"])
        defer { try? FileManager.default.removeItem(at: facts.root) }
        let ctx = RuleContext(facts: facts)
        let group = try XCTUnwrap(RuleCatalog.capabilities.first { $0.capability == .checkpointingResume })
        func present(_ paths: String...) -> RuleOutcome {
            RuleOutcome(
                state: .present, evidence: paths.map { Evidence(path: $0, line: 1) }, candidates: [], override: nil)
        }
        let absent = RuleOutcome(state: .absent, evidence: [], candidates: [], override: nil)
        var outcomes: [Subfeature: RuleOutcome] = [
            .weights: present("pkg/export.py", "pkg/train.py"), .optimizerState: present("pkg/train.py"),
            .resume: present("pkg/train.py"), .rngState: absent,
        ]
        XCTAssertEqual(CapabilityCellWriter.anchorFile(for: group, outcomes: outcomes, ctx: ctx), "pkg/train.py")
        // A tie goes to the first present sub-feature in rule order.
        outcomes[.weights] = present("pkg/export.py")
        outcomes[.resume] = absent
        XCTAssertEqual(CapabilityCellWriter.anchorFile(for: group, outcomes: outcomes, ctx: ctx), "pkg/export.py")
        // Configuration files are not where code goes; no present Python file and no training loop: no anchor.
        outcomes = [.weights: present("configs/ckpt.yaml"), .rngState: absent]
        XCTAssertNil(CapabilityCellWriter.anchorFile(for: group, outcomes: outcomes, ctx: ctx))
    }

    func testContractShapeOnAnEmptyRepository() throws {
        let caps = try assess([:])
        XCTAssertEqual(caps.count, 14)
        XCTAssertEqual(caps[1].label, "ChatGPT Codex Modeling (model init, dtype, device placement, LoRA/PEFT hooks)")
        XCTAssertEqual(caps.flatMap(\.subfeatures).count, 45)
        XCTAssertTrue(caps.allSatisfy { $0.status == .missing })
        XCTAssertTrue(caps.flatMap(\.subfeatures).allSatisfy { $0.evidence.isEmpty })
        for cap in caps {
            XCTAssertEqual(cap.gaps.count, cap.subfeatures.count, "\(cap.name): one gap per missing sub-feature")
            XCTAssertFalse(cap.patchPlan.isEmpty)
            XCTAssertFalse(cap.rollback.isEmpty)
        }
    }

    func testTestsCountOnlyForInternalCI() throws {
        let caps = try assess([
            "tests/test_train.py":
                "import torch\ndef test_step():\n    loss = model(x)\n    loss.backward()\n    optimizer.step()\n    torch.save(model.state_dict(), 'w.pt')\n"
        ])
        XCTAssertEqual(sub(caps, "training loop")?.state, .absent)
        XCTAssertEqual(sub(caps, "weights")?.state, .absent)
        XCTAssertEqual(sub(caps, "pytest targets")?.state, .present)
        XCTAssertEqual(sub(caps, "pytest targets")?.evidence.first?.citation, "tests/test_train.py:2")
    }

    func testVendoredAndCopiedPackagesNeverCount() throws {
        let loop = "def train():\n    loss.backward()\n    optimizer.step()\n"
        let caps = try assess([
            "third_party/lib/train.py": loop,
            "libs/copied/__init__.py": "", "libs/copied/LICENSE": "MIT License\n", "libs/copied/train.py": loop,
        ])
        XCTAssertEqual(sub(caps, "training loop")?.state, .absent)
    }

    func testStubOnlyCodeIsStubAndDeclarationsAreNot() throws {
        let caps = try assess([
            "train.py":
                "def save_checkpoint(model, path):\n    raise NotImplementedError\n\nsave_checkpoint(model, 'ckpt.pt')\n",
            "lora.py":
                "from abc import ABC, abstractmethod\nclass Adapter(ABC):\n    @abstractmethod\n    def apply_lora(self, model):\n        raise NotImplementedError\n",
        ])
        let weights = try XCTUnwrap(sub(caps, "weights"))
        XCTAssertEqual(weights.state, .stub)
        XCTAssertEqual(weights.evidence.first?.path, "train.py")
        XCTAssertEqual(
            sub(caps, "LoRA/PEFT hooks")?.state, .absent, "an abstract declaration is not a stub of the capability")
        let ckpt = try XCTUnwrap(caps.first { $0.name == "Checkpointing & Resume" })
        XCTAssertEqual(ckpt.status, .stubbed)
        XCTAssertTrue(
            ckpt.gaps.contains {
                $0.subfeature == .weights && $0.text.hasPrefix("weights: only a placeholder at `train.py:")
            })
    }

    func testImportAloneAndCommentedConfigDoNotCount() throws {
        let caps = try assess([
            "train.py": "import wandb\nimport peft\n# wandb.init(mode='offline')\n",
            "configs/trainer.yaml": "max_epochs: 3\n# precision: bf16-mixed\n# accumulate_grad_batches: 4\n",
        ])
        for name in ["tracker logging", "LoRA/PEFT hooks", "W&B offline mode", "precision", "gradient accumulation"] {
            XCTAssertEqual(sub(caps, name)?.state, .absent, name)
        }
    }

    func testFrameworkConfigurationCounts() throws {
        let caps = try assess([
            "train.py":
                "import lightning as L\nfrom lightning.pytorch.callbacks import ModelCheckpoint\ncb = ModelCheckpoint(monitor='val/loss', save_top_k=3)\ntrainer = L.Trainer(precision='bf16-mixed', accumulate_grad_batches=4, callbacks=[cb])\ntrainer.fit(model, datamodule=dm)\n"
        ])
        XCTAssertEqual(sub(caps, "best-k retention")?.evidence.first?.citation, "train.py:3")
        XCTAssertEqual(sub(caps, "precision")?.evidence.first?.citation, "train.py:4")
        XCTAssertEqual(sub(caps, "gradient accumulation")?.state, .present)
        XCTAssertEqual(
            sub(caps, "optimizer state")?.state, .present, "a Lightning full-state checkpoint holds the optimizer state"
        )
        XCTAssertEqual(sub(caps, "RNG state")?.state, .absent, "Lightning checkpoints carry no RNG state")
    }

    func testSettingsPatternsPathsAndNotApplicable() throws {
        var settings = RuleFixture.settings
        settings.subfeatures[.promptSafety] = SubfeatureSettings(patterns: [#"policy_guard\("#])
        settings.subfeatures[.dockerInfra] = SubfeatureSettings(paths: ["deploy/**/*.yaml"])
        settings.subfeatures[.fastTokenizer] = SubfeatureSettings(notApplicable: "image-only repository")
        let caps = try assess(
            [
                "serve.py": "out = policy_guard(model(prompt))\n# policy_guard(x) in a comment\n",
                "deploy/k8s/job.yaml": "kind: Job\n",
            ], settings: settings)
        XCTAssertEqual(sub(caps, "prompt safety")?.state, .present)
        XCTAssertEqual(sub(caps, "prompt safety")?.evidence.map(\.citation), ["serve.py:1"])
        XCTAssertEqual(sub(caps, "Docker infra")?.evidence.first?.citation, "deploy/k8s/job.yaml:1")
        XCTAssertEqual(sub(caps, "fast tokenizer")?.override, .notApplicable(reason: "image-only repository"))
        let tok = try XCTUnwrap(caps.first { $0.name == "Tokenization" })
        XCTAssertFalse(tok.gaps.contains { $0.subfeature == .fastTokenizer }, "no gap for a not-applicable sub-feature")
    }

    func testEvidenceIsStrongestFirstAndGapsNameTheAnchor() throws {
        let caps = try assess([
            "train.py":
                "import torch\nfor it in range(10):\n    loss = model(x)\n    loss.backward()\n    optimizer.step()\n    ckpt = {'model': model.state_dict(), 'optimizer': optimizer.state_dict()}\n    torch.save(ckpt, 'ckpt.pt')\n"
        ])
        let ckpt = try XCTUnwrap(caps.first { $0.name == "Checkpointing & Resume" })
        XCTAssertEqual(sub(caps, "optimizer state")?.evidence.first?.citation, "train.py:6")
        XCTAssertTrue(
            ckpt.gaps.contains {
                $0.subfeature == .schedulerState && $0.files == ["train.py"] && $0.text.contains("`train.py`")
            })
        XCTAssertTrue(ckpt.artifacts.contains("train.py"))
    }

    func testStubCapabilityMapper() throws {
        let facts = try RuleFixture.facts([
            "src/data/dm.py":
                "class MNISTDataModule(LightningDataModule):\n    def teardown(self, stage):\n        pass\n",
            "model.py": "# TODO: investigate weight tying under compile\nx = 1\n",
            "tests/test_a.py": "def test_a():\n    pass\n",
        ])
        defer { try? FileManager.default.removeItem(at: facts.root) }
        let mapped = Dictionary(
            uniqueKeysWithValues: facts.stubs.map {
                ("\($0.path):\($0.line)", StubCapabilityMapper.capability(for: $0, facts: facts)?.rawValue)
            })
        XCTAssertEqual(mapped["src/data/dm.py:3"] ?? nil, "Data Handling")
        XCTAssertEqual(mapped["model.py:1"] ?? nil, "Modeling")
        let unclear = StubSite(
            path: "misc.py", line: 1, kind: .todoComment, symbol: "<module>", declaration: false,
            text: "# TODO: tidy up")
        XCTAssertNil(StubCapabilityMapper.capability(for: unclear, facts: facts))
    }

    func testDeterministic() throws {
        let files = [
            "train.py": "import torch\nmodel.to(device)\ntorch.save(model.state_dict(), 'a.pt')\n",
            "README.md": "# x\n",
        ]
        let a = try assess(files).map {
            "\($0.status)|\($0.subfeatures.map { "\($0.state)\($0.evidence.map(\.citation))" })|\($0.gaps.map(\.text))"
        }
        let b = try assess(files).map {
            "\($0.status)|\($0.subfeatures.map { "\($0.state)\($0.evidence.map(\.citation))" })|\($0.gaps.map(\.text))"
        }
        XCTAssertEqual(a, b)
    }
}

final class CapabilityEngineRobustnessTests: XCTestCase {
    func testHostileInputsDoNotCrashOrHang() throws {
        var settings = RuleFixture.settings
        settings.subfeatures[.caching] = SubfeatureSettings(patterns: ["(a+)+$", "[unclosed"])
        let long = String(repeating: "a", count: 5000) + "!"
        let files = [
            "train.py": "model.to(\n" + long + "\nfor x in range(:\n    loss.backward(\n",
            "cfg.yaml": "a: &a [1, 2]\nb: *a\nc: {unclosed\n",
            "pyproject.toml": "[project\nname = [\n",
            "setup.cfg": "[metadata\nname\n  = x\n",
            "Makefile": ":::\n\t\n",
            "run.sh": String(repeating: "for x in 1 2; do\n", count: 500),
            "README.md": "```\n" + long,
            "nb.ipynb": "{not json",
            "requirements.txt": "==\n[x]\n-r\n",
        ]
        let facts = try RuleFixture.facts(files)
        defer { try? FileManager.default.removeItem(at: facts.root) }
        let caps = CapabilityEngine.assess(facts: facts, settings: settings)
        XCTAssertEqual(caps.count, 14)
        XCTAssertTrue(facts.errors.all.contains { $0.step == .settings && $0.error.contains("nests quantifiers") })
        XCTAssertTrue(facts.errors.all.contains { $0.step == .config })
        for cap in caps { for s in cap.subfeatures where s.state != .absent { XCTAssertFalse(s.evidence.isEmpty) } }
    }
}
