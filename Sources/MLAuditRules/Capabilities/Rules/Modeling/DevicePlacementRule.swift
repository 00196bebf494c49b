import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct DevicePlacementRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .devicePlacement,
        summary:
            "The model placed on a device: `.to(device)`/`.cuda()`, `torch.device(...)`, `device_map=`, Accelerate `prepare`, or a Lightning `accelerator:`/`devices:` config.",
        rationale: "Hard-wired or missing device selection breaks CPU-only CI and multi-GPU runs.",
        triggering: [
            .py("model.to(device)\n"), .py("model = AutoModel.from_pretrained(n, device_map='auto')\n"),
            RuleExample(["configs/trainer/gpu.yaml": "accelerator: gpu\ndevices: 1\n"]),
        ],
        nonTriggering: [
            .py("x = torch.zeros(3)\n", .absent),
            RuleExample(["configs/trainer/gpu.yaml": "# accelerator: gpu\n"], .absent),
        ],
        stubTerms: "device|to_gpu|to_cuda|place_model",
        gap: "no device selection; add cuda/mps/cpu detection and `.to(device)` in {anchor}",
        gapFiles: [.anchor],
        risk: "Runs fail or silently train on CPU when the expected GPU is missing.",
        patch:
            "Add `device = 'cuda' if torch.cuda.is_available() else 'cpu'` and `model.to(device)` in {anchor}; test on CPU.",
        patchFiles: [.anchor],
        deferral: Deferral(
            .low, why: "device choice leaks into data and checkpoint loading",
            plan: "add pick_device() (cuda > mps > cpu) used by model, batches and torch.load(map_location=...)"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.calls(at: ctx.sites(leaf: ["to"])).filter { _, c in
            c.positionalArguments.first?.imatches(#"device|cuda|cpu|mps|rank"#) == true || c.keywords.contains("device")
        }
        .map { m, c in
            ctx.candidate(m, c, strength: c.callee.imatches("model|net|module") ? 8 : 6, note: "moved to device")
        }
        out += ctx.callCandidates(
            #"(model|net|module)\w*\.cuda$|^torch\.device$|^torch\.cuda\.set_device$|accelerator\.prepare\w*$"#,
            strength: 6, note: "device selected")
        out += ctx.keywordCandidates(["device_map", "device"], strength: 6, note: "device passed") {
            !Values.isFalsy($0)
        }
        out += ctx.entryCandidates(
            ["accelerator", "devices", "device", "device_map", "distributed_type", "gpu_ids", "num_processes"],
            strength: 5,
            note: "device configured"
        ) { !$0.isNullish }
        return out
    }
}
