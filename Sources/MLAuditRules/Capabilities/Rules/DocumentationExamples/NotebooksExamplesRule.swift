import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct NotebooksExamplesRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .notebooksOrExamples,
        summary:
            "Notebooks with code cells, example folders (examples/, recipes/, demos/, tutorials/, samples/) with content, example configs, or scripts that launch runs.",
        rationale: "Runnable examples show intended usage and double as smoke tests.",
        triggering: [
            RuleExample(["examples/finetune.py": "print('fine-tune')\n"]),
            .notebook(["import torch\nx = torch.ones(3)"]),
            RuleExample(["scripts/schedule.sh": "python src/train.py trainer.max_epochs=5\n"]),
        ],
        nonTriggering: [RuleExample(["notebooks/.gitkeep": ""], .absent)],
        stubTerms: "",
        gap: "no notebook or example; add an `examples/` script running a tiny end-to-end job",
        risk: "Usage is learnt from source code, and the happy path is untested.",
        patch:
            "Add `examples/quickstart.py` (or a notebook) that trains for a few steps on a toy dataset; reference it from the README.",
        patchFiles: [.path("examples/quickstart.py")],
        deferral: Deferral(
            .low, why: "documentation only",
            plan: "add one minimal example script exercising the public API on CPU"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for f in ctx.facts.files where ctx.isProductPath(f.path) && f.size > 0 {
            if f.kind == .notebook {
                let lines = ctx.facts.lines(f.path)
                // cite the first source line of the first code cell
                if let code = lines.firstIndex(where: {
                    $0.contains("\"cell_type\": \"code\"") || $0.contains("\"cell_type\":\"code\"")
                }) {
                    let source = lines[code...].firstIndex { $0.contains("\"source\"") } ?? code
                    let line = source + 1 < lines.count && !lines[source].contains("[]") ? source + 2 : source + 1
                    out.append(RuleCandidate(ctx.ev(f.path, line), strength: 8, note: "notebook with code cells"))
                }
                continue
            }
            let dirs = f.components.dropLast().map { $0.lowercased() }
            if dirs.contains(where: {
                ["examples", "example", "recipes", "demos", "demo", "tutorials", "tutorial", "samples", "cookbook"]
                    .contains($0)
            }) && f.name != ".gitkeep" {
                out.append(
                    RuleCandidate(
                        ctx.ev(f.path, ctx.firstMechanismLine(f.path)),
                        strength: f.kind == .markdown || f.kind == .python ? 7 : 6, note: "example folder"))
            } else if f.name.lowercased().contains("example") && [.python, .yaml, .shell, .markdown].contains(f.kind) {
                out.append(
                    RuleCandidate(ctx.ev(f.path, ctx.firstMechanismLine(f.path)), strength: 5, note: "example file"))
            }
        }
        out += ctx.productCommands.filter {
            $0.path.imatches(#"\.(sh|bash)$"#) && $0.text.matches(#"^(python3?|accelerate launch|torchrun)\s+\S+\.py"#)
        }.prefix(1)
            .map { RuleCandidate(ctx.ev($0.path, $0.line), strength: 5, note: "example run script") }
        return out
    }
}
