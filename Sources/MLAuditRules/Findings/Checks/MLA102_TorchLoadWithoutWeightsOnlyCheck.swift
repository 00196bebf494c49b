import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct TorchLoadWithoutWeightsOnlyCheck: FindingCheck {
    package let code = FindingCode.mla102
    package let severity = Severity.high
    package let capability: Capability? = .securitySafety
    package let summary = "`torch.load` is called without `weights_only=True`."
    package let why =
        "`torch.load` unpickles by default: a checkpoint from a shared drive or the Hub can run arbitrary code when loaded."
    package let fix =
        "Pass `weights_only=True` (store plain dicts of tensors and primitives in checkpoints; `torch.serialization.add_safe_globals` for the rest)."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                ["train.py": "import torch\nckpt = torch.load(path, map_location='cpu')\n"], needsPythonReader: true),
            // An explicit opt-out on a path the caller hands in (a public loader's parameter, a file it opens).
            FindingExample(
                [
                    "eval.py":
                        "from torch import load\n\n\ndef restore(path):\n    return load(path, weights_only=False)\n\n\ndef steer(steer_path):\n    with open(steer_path, 'rb') as f:\n        return load(f, weights_only=False)\n"
                ], needsPythonReader: true),
        ]
    }
    /// Not triggering: the flag set; an explicit `weights_only=False` on a path the code builds itself (the
    /// maintainers' deliberate choice for their own files); torch >= 2.6 declared (weights only by default); a wrapper that sets
    /// `weights_only=True` for the `**kwargs` it forwards; a load reached only after a `safe_mode` opt-in guard.
    package var clean: [FindingExample] {
        [
            FindingExample(
                ["train.py": "import torch\nckpt = torch.load(path, map_location='cpu', weights_only=True)\n"],
                needsPythonReader: true),
            FindingExample(
                ["m.py": "import torch\nx = torch.load('a.pt')\n", "requirements.txt": "torch>=2.6.0\n"],
                needsPythonReader: true),
            FindingExample(
                [
                    "utils/other.py":
                        "import torch\n\n\ndef load(f, map_location=None, **kwargs):\n    kwargs['weights_only'] = True\n    return torch.load(f, map_location=map_location, **kwargs)\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "callbacks/ema.py":
                        "import torch\n\n\ndef on_load(ckpt_path):\n    ema_path = ckpt_path.replace('.ckpt', '-EMA.ckpt')\n    return torch.load(ema_path, map_location='cpu', weights_only=False)\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "utils/torch_utils.py":
                        "import torch\n\n\ndef restore(buffer, safe_mode=True):\n    if safe_mode:\n        raise ValueError('Requested the deserialization of a torch module; pass safe_mode=False')\n    return torch.load(buffer, weights_only=False)\n"
                ], needsPythonReader: true),
        ]
    }

    /// `torch.load` calls that can unpickle: no `weights_only=True`, not inside a wrapper that sets it for the
    /// `**kwargs` it forwards, not behind an explicit opt-in guard; with torch >= 2.6 declared, only the calls that
    /// pass `weights_only=False`. The MLA102 diff fixes exactly these.
    package static func sites(_ context: FindingContext) -> [(PythonModule, PythonCall)] {
        let defaultSafe = LoadContext.torchLoadsWeightsOnlyByDefault(context.facts)
        return context.calls(["torch.load"]).filter { m, c in
            let value = c.keywordValues["weights_only"]
            if value == "True" { return false }
            if defaultSafe && value != "False" { return false }
            let lines = context.facts.lines(m.path)
            if value == "False" && !Self.loadsCallerSuppliedPath(c, in: m, lines: lines) { return false }
            return !LoadContext.wrapperSetsWeightsOnly(c, in: m, lines: lines)
                && !LoadContext.guardedByOptIn(c, in: m, lines: lines)
        }
    }

    /// An explicit `weights_only=False` is the maintainers' choice for files their code names itself (a checkpoint
    /// it wrote, a path it derives); it stays a finding only when the loaded path is what a caller hands in: a
    /// parameter of the enclosing function (`def restore(path): torch.load(path, ...)`), or a file opened from one.
    static func loadsCallerSuppliedPath(_ c: PythonCall, in m: PythonModule, lines: [Substring]) -> Bool {
        guard let fn = m.functions.first(where: { $0.qualifiedName == c.enclosingFunction }),
            var arg = c.positionalArguments.first ?? c.keywordValues["f"]
        else { return false }
        if arg.hasPrefix("str("), arg.hasSuffix(")") { arg = String(arg.dropFirst(4).dropLast()) }
        let params = Set(fn.parameters.filter { $0 != "self" && $0 != "cls" })
        if params.contains(arg) { return true }
        guard arg.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return false }
        for n in fn.span.start..<min(c.line, lines.count + 1) {
            let l = lines[n - 1]
            guard l.contains(" as \(arg)"), let open = l.range(of: "open(") else { continue }
            let opened = l[open.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if params.contains(String(opened)) { return true }
        }
        return false
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        // Loads with no `weights_only` at all lead; explicit opt-outs follow.
        let all = Self.sites(context)
        let sites =
            all.filter { $0.1.keywordValues["weights_only"] == nil }
            + all.filter {
                $0.1.keywordValues["weights_only"] != nil
            }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.evidence($0.0, $0.1) }
        return [
            FindingHit(
                title: "\(sites.count) `torch.load` call(s) can unpickle arbitrary code (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}
