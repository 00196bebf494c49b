import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct NondeterministicKernelsCheck: FindingCheck {
    package let code = FindingCode.mla125
    package let severity = Severity.low
    package let summary =
        "Training uses torch without deterministic kernels (`torch.use_deterministic_algorithms`, `cudnn.deterministic`)."
    package let why =
        "cuDNN autotuning and non-deterministic CUDA kernels make results differ run to run even with a fixed seed."
    package let fix =
        "Offer a `--deterministic` switch that calls `torch.use_deterministic_algorithms(True)`, sets `torch.backends.cudnn.benchmark = False` and exports CUBLAS_WORKSPACE_CONFIG=:4096:8."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                ["train.py": "import torch\ntorch.backends.cudnn.benchmark = True\nloss.backward()\n"],
                needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                ["train.py": "import torch\ntorch.use_deterministic_algorithms(True)\nloss.backward()\n"],
                needsPythonReader: true),
            // The option lives in the framework's config (Lightning reads `trainer.deterministic`).
            FindingExample(
                [
                    "src/train.py": "import torch\nloss.backward()\n",
                    "configs/trainer/default.yaml":
                        "# set True to ensure deterministic results\ndeterministic: False\n",
                ], needsPythonReader: true),
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let torchTraining = context.trainingModules.filter { m in
            m.imports.contains { $0.module == "torch" || $0.module.hasPrefix("torch.") }
        }
        guard !torchTraining.isEmpty else { return [] }
        let modules = context.productModules
        let deterministic =
            !context.calls(["torch.use_deterministic_algorithms", "transformers.enable_full_determinism"]).isEmpty
            || modules.contains {
                $0.assignments.contains { $0.target.hasSuffix("cudnn.deterministic") && $0.valueText == "True" }
            }
            || modules.contains {
                $0.calls.contains { $0.keywords.contains("full_determinism") || $0.keywords.contains("deterministic") }
            }
        if deterministic { return [] }
        // A config option the framework reads (Lightning `Trainer(deterministic=...)`, HF `full_determinism`).
        let configOption = context.grep({ $0.kind == .yaml && !$0.isTest }, containing: "determinis") { line in
            let t = line.drop { $0 == " " }
            return t.hasPrefix("deterministic:") || t.hasPrefix("full_determinism:")
        }
        if !configOption.isEmpty { return [] }
        var evidence: [Evidence] = []
        for m in modules {
            for a in m.assignments where a.target.hasSuffix("cudnn.benchmark") && a.valueText == "True" {
                evidence.append(context.facts.evidence(m.path, a.line))
            }
            for a in m.assignments where a.target.hasSuffix("allow_tf32") && a.valueText == "True" {
                evidence.append(context.facts.evidence(m.path, a.line))
            }
        }
        return [
            FindingHit(
                title: "no deterministic-kernel option"
                    + (evidence.isEmpty ? "" : "; autotuning/TF32 enabled at \(evidence.citationSummary)"),
                evidence: evidence, strength: evidence.isEmpty ? .absence : .code)
        ]
    }
}
