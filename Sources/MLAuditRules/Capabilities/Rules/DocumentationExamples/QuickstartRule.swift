import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct QuickstartRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .quickstart,
        summary:
            "Install and run steps in the docs: an install command (pip/conda/poetry/uv) and a run command (python/make/accelerate/torchrun/a console script) in README or docs code blocks.",
        rationale: "A copy-paste quickstart is the fastest check that the project still works end to end.",
        triggering: [
            RuleExample([
                "README.md": "## Quick start\n```bash\npip install -r requirements.txt\npython train.py\n```\n"
            ])
        ],
        nonTriggering: [
            RuleExample(["README.md": "## About\nThis trains models.\n"], .absent),
            RuleExample(["README.md": "## Install\n```\npip install foo\n```\n"], .absent),
        ],
        stubTerms: "",
        searches: RuleSearch(names: [], files: ["README*", "docs/ code blocks"]),
        gap: "the docs lack copy-paste install + run steps; add a Quickstart section to the README",
        risk: "Users guess the setup, and breakages in the happy path go unnoticed.",
        patch:
            "Add a `## Quickstart` README section: create env, `pip install -e .`, run a tiny training command; keep it in sync with a smoke test.",
        deferral: Deferral(
            .low, why: "documentation only",
            plan: "add install + one-command run steps that work offline on CPU"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        let docs = ctx.config.markdown.filter { ctx.isProductPath($0.path) }
        let installRx = #"\b(pip3?|uv pip|uv|conda|mamba|poetry|pipenv)\s+(install|sync|env create|create)\b|git clone"#
        let runRx =
            #"^(python3?|accelerate|torchrun|deepspeed|make|bash|sh|sbatch|srun|\./|uv run|poetry run|docker run)\b"#
        var installs: [(String, Int)] = []
        var runs: [(String, Int)] = []
        for d in docs {
            for c in d.commandLines {
                if c.text.imatches(installRx) { installs.append((d.path, c.line)) }
                if c.text.matches(runRx) && !c.text.imatches(installRx) { runs.append((d.path, c.line)) }
            }
        }
        guard let install = installs.first, !runs.isEmpty else {
            return installs.prefix(1).map {
                RuleCandidate(ctx.ev($0.0, $0.1), strength: 1, .rejected("install steps without a run command"))
            }
        }
        var out: [RuleCandidate] = []
        for d in docs {
            for h in d.headings
            where h.text.imatches(#"quick\s?start|getting started|usage|how to run|installation|setup|run"#) {
                out.append(
                    RuleCandidate(
                        ctx.ev(d.path, h.line), strength: h.text.imatches("quick|getting started") ? 8 : 6,
                        note: "section `\(h.text)`"))
            }
        }
        out.append(RuleCandidate(ctx.ev(install.0, install.1), strength: 5, note: "install command"))
        return out
    }
}
