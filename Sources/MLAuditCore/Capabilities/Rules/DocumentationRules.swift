import Foundation
import MLAuditPython

extension RuleContext {
    /// The top-level README (Markdown), if any.
    var rootReadme: MarkdownDoc? {
        config.markdown.first { !$0.path.contains("/") && $0.path.lowercased().hasPrefix("readme") }
    }
}

struct ReadmeRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-DOC-01", capability: "Documentation & Examples", subfeature: "README",
        summary: "A substantive top-level README: at least 10 prose lines and 100 words (or a README.rst/.txt of similar size).",
        rationale: "The README is the entry point for every new user and reviewer.",
        triggering: [RuleExample(["README.md": "# Proj\n" + String(repeating: "This project trains small language models on a single GPU quickly.\n", count: 12)])],
        nonTriggering: [RuleExample(["README.md": "# Proj\nTODO\n"], .absent)],
        stubTerms: "",
        gap: "the README is missing or only a few lines; describe purpose, install, run and layout",
        risk: "New users cannot run or evaluate the project without reading the code.",
        patch: "Expand `README.md` with purpose, install, quickstart, configuration and project layout sections.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        if let doc = ctx.rootReadme {
            if doc.proseLines.count >= 10 && doc.wordCount >= 100 {
                return [RuleCandidate(ctx.ev(doc.path, doc.proseLines[0]), strength: 8, note: "README with \(doc.proseLines.count) prose lines")]
            }
            return [RuleCandidate(ctx.ev(doc.path, ctx.firstLine(doc.path)), strength: 1, .rejected("only \(doc.proseLines.count) prose lines / \(doc.wordCount) words"))]
        }
        for f in ctx.facts.files where !f.path.contains("/") && f.name.lowercased().hasPrefix("readme") && f.kind != .markdown {
            let lines = ctx.facts.lines(f.path).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            if lines.count >= 15 { return [RuleCandidate(ctx.ev(f.path, ctx.firstLine(f.path)), strength: 7, note: "README")] }
        }
        return []
    }
}

struct QuickstartRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-DOC-02", capability: "Documentation & Examples", subfeature: "quickstart",
        summary: "Install and run steps in the docs: an install command (pip/conda/poetry/uv) and a run command (python/make/accelerate/torchrun/a console script) in README or docs code blocks.",
        rationale: "A copy-paste quickstart is the fastest check that the project still works end to end.",
        triggering: [RuleExample(["README.md": "## Quick start\n```bash\npip install -r requirements.txt\npython train.py\n```\n"])],
        nonTriggering: [RuleExample(["README.md": "## About\nThis trains models.\n"], .absent),
                        RuleExample(["README.md": "## Install\n```\npip install foo\n```\n"], .absent)],
        stubTerms: "",
        gap: "the docs lack copy-paste install + run steps; add a Quickstart section to the README",
        risk: "Users guess the setup, and breakages in the happy path go unnoticed.",
        patch: "Add a `## Quickstart` README section: create env, `pip install -e .`, run a tiny training command; keep it in sync with a smoke test.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let docs = ctx.config.markdown.filter { ctx.isProductPath($0.path) }
        let installRx = #"\b(pip3?|uv pip|uv|conda|mamba|poetry|pipenv)\s+(install|sync|env create|create)\b|git clone"#
        let runRx = #"^(python3?|accelerate|torchrun|deepspeed|make|bash|sh|sbatch|srun|\./|uv run|poetry run|docker run)\b"#
        var installs: [(String, Int)] = [], runs: [(String, Int)] = []
        for d in docs {
            for c in d.commandLines {
                if c.text.imatches(installRx) { installs.append((d.path, c.line)) }
                if c.text.matches(runRx) && !c.text.imatches(installRx) { runs.append((d.path, c.line)) }
            }
        }
        guard let install = installs.first, !runs.isEmpty else {
            return installs.prefix(1).map { RuleCandidate(ctx.ev($0.0, $0.1), strength: 1, .rejected("install steps without a run command")) }
        }
        var out: [RuleCandidate] = []
        for d in docs {
            for h in d.headings where h.text.imatches(#"quick\s?start|getting started|usage|how to run|installation|setup|run"#) {
                out.append(RuleCandidate(ctx.ev(d.path, h.line), strength: h.text.imatches("quick|getting started") ? 8 : 6, note: "section `\(h.text)`"))
            }
        }
        out.append(RuleCandidate(ctx.ev(install.0, install.1), strength: 5, note: "install command"))
        return out
    }
}

struct DiagramsRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-DOC-03", capability: "Documentation & Examples", subfeature: "diagrams",
        summary: "Architecture or workflow diagrams: mermaid/graphviz/plantuml blocks, .dot/.puml/.mmd/.drawio files, or images whose name or alt text says architecture/diagram/pipeline/workflow (logos, banners and plots excluded).",
        rationale: "A diagram of data flow and components shortens onboarding and review.",
        triggering: [RuleExample(["README.md": "```mermaid\ngraph TD; A-->B\n```\n"]), RuleExample(["docs/arch.md": "![Architecture](img/architecture.png)\n"])],
        nonTriggering: [RuleExample(["README.md": "![logo](assets/logo.png)\n![loss](assets/loss.png)\n"], .absent)],
        stubTerms: "",
        gap: "no architecture or workflow diagram; add a mermaid diagram of data -> model -> training -> checkpoints to the README",
        risk: "The component structure lives only in maintainers' heads.",
        patch: "Add a ```` ```mermaid ```` flowchart (data prep -> training -> eval -> checkpoints) to `README.md`.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for d in ctx.config.markdown where ctx.isProductPath(d.path) {
            for f in d.fences where ["mermaid", "dot", "graphviz", "plantuml", "puml"].contains(f.language) {
                out.append(RuleCandidate(ctx.ev(d.path, f.startLine), strength: 8, note: "\(f.language) diagram"))
            }
            for i in d.images {
                let name = (i.alt + " " + i.target).lowercased()
                if name.imatches(#"architect|diagram|pipeline|workflow|flow|overview|design|structure|schema"#) && !name.imatches(#"logo|banner|loss|plot|curve|result|screenshot|badge"#) {
                    out.append(RuleCandidate(ctx.ev(d.path, i.line), strength: 6, note: "diagram image `\(i.target)`"))
                } else {
                    out.append(RuleCandidate(ctx.ev(d.path, i.line), strength: 1, .rejected("image `\(i.target)` is not named as a diagram (logo, plot or screenshot)")))
                }
            }
        }
        for f in ctx.facts.files where ctx.isProductPath(f.path) && f.path.imatches(#"\.(dot|gv|puml|plantuml|mmd|drawio)$"#) {
            out.append(RuleCandidate(ctx.ev(f.path, ctx.firstLine(f.path)), strength: 7, note: "diagram source"))
        }
        return out
    }
}

struct NotebooksExamplesRule: CapabilityRule {
    let description = RuleDescription(
        code: "CAP-DOC-04", capability: "Documentation & Examples", subfeature: "notebooks or examples",
        summary: "Notebooks with code cells, example folders (examples/, recipes/, demos/, tutorials/, samples/) with content, example configs, or scripts that launch runs.",
        rationale: "Runnable examples show intended usage and double as smoke tests.",
        triggering: [RuleExample(["examples/finetune.py": "print('fine-tune')\n"]), .notebook(["import torch\nx = torch.ones(3)"]),
                     RuleExample(["scripts/schedule.sh": "python src/train.py trainer.max_epochs=5\n"])],
        nonTriggering: [RuleExample(["notebooks/.gitkeep": ""], .absent)],
        stubTerms: "",
        gap: "no notebook or example; add an `examples/` script running a tiny end-to-end job",
        risk: "Usage is learnt from source code, and the happy path is untested.",
        patch: "Add `examples/quickstart.py` (or a notebook) that trains for a few steps on a toy dataset; reference it from the README.")

    func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for f in ctx.facts.files where ctx.isProductPath(f.path) && f.size > 0 {
            if f.kind == .notebook {
                let lines = ctx.facts.lines(f.path)
                // cite the first source line of the first code cell
                if let code = lines.firstIndex(where: { $0.contains("\"cell_type\": \"code\"") || $0.contains("\"cell_type\":\"code\"") }) {
                    let source = lines[code...].firstIndex { $0.contains("\"source\"") } ?? code
                    let line = source + 1 < lines.count && !lines[source].contains("[]") ? source + 2 : source + 1
                    out.append(RuleCandidate(ctx.ev(f.path, line), strength: 8, note: "notebook with code cells"))
                }
                continue
            }
            let dirs = f.components.dropLast().map { $0.lowercased() }
            if dirs.contains(where: { ["examples", "example", "recipes", "demos", "demo", "tutorials", "tutorial", "samples", "cookbook"].contains($0) }) && f.name != ".gitkeep" {
                out.append(RuleCandidate(ctx.ev(f.path, ctx.firstContentLine(f.path)), strength: f.kind == .markdown || f.kind == .python ? 7 : 6, note: "example folder"))
            } else if f.name.lowercased().contains("example") && [.python, .yaml, .shell, .markdown].contains(f.kind) {
                out.append(RuleCandidate(ctx.ev(f.path, ctx.firstContentLine(f.path)), strength: 5, note: "example file"))
            }
        }
        out += ctx.productCommands.filter { $0.path.imatches(#"\.(sh|bash)$"#) && $0.text.matches(#"^(python3?|accelerate launch|torchrun)\s+\S+\.py"#) }.prefix(1)
            .map { RuleCandidate(ctx.ev($0.path, $0.line), strength: 5, note: "example run script") }
        return out
    }
}
