import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts

package struct TorchLoadWithoutWeightsOnlyCheck: FindingCheck {
    package let code = "MLA102"
    package let severity = Severity.high
    package let summary = "`torch.load` is called without `weights_only=True`."
    package let why = "`torch.load` unpickles by default: a checkpoint from a shared drive or the Hub can run arbitrary code when loaded."
    package let fix = "Pass `weights_only=True` (store plain dicts of tensors and primitives in checkpoints; `torch.serialization.add_safe_globals` for the rest)."
    package var triggering: [FindingExample] {
        [FindingExample(["train.py": "import torch\nckpt = torch.load(path, map_location='cpu')\n"], needsPythonReader: true),
         FindingExample(["eval.py": "from torch import load\nstate = load('m.pt', weights_only=False)\n"], needsPythonReader: true)]
    }
    package var clean: [FindingExample] { [FindingExample(["train.py": "import torch\nckpt = torch.load(path, map_location='cpu', weights_only=True)\n"], needsPythonReader: true)] }

    package static func isUnsafe(_ call: PythonCall) -> Bool { call.keywordValues["weights_only"] != "True" }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = context.calls(["torch.load"]).filter { Self.isUnsafe($0.1) }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.evidence($0.0, $0.1) }
        return [FindingHit(title: "\(sites.count) `torch.load` call(s) can unpickle arbitrary code (\(evidence.citationSummary))",
                           evidence: evidence, strength: .code)]
    }
}
