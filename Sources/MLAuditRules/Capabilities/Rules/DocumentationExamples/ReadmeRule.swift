import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct ReadmeRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .readme,
        summary:
            "A substantive top-level README: at least 10 prose lines and 100 words (or a README.rst/.txt of similar size).",
        rationale: "The README is the entry point for every new user and reviewer.",
        triggering: [
            RuleExample([
                "README.md": "# Proj\n"
                    + String(
                        repeating: "This project trains small language models on a single GPU quickly.\n", count: 12)
            ])
        ],
        nonTriggering: [RuleExample(["README.md": "# Proj\nTODO\n"], .absent)],
        stubTerms: "",
        gap: "the README is missing or only a few lines; describe purpose, install, run and layout",
        risk: "New users cannot run or evaluate the project without reading the code.",
        patch: "Expand `README.md` with purpose, install, quickstart, configuration and project layout sections.",
        patchFiles: [.path("README.md")],
        deferral: Deferral(
            .low, why: "documentation only",
            plan: "expand the README with purpose, install, quickstart and the local gates"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        if let doc = ctx.rootReadme {
            if doc.proseLines.count >= 10 && doc.wordCount >= 100 {
                let first =
                    doc.proseLines.first {
                        $0 >= ctx.firstMechanismLine(doc.path)
                            && CitationPreference.showsMechanism(ctx.lineText(doc.path, $0))
                    } ?? doc.proseLines[0]
                return [
                    RuleCandidate(
                        ctx.ev(doc.path, first), strength: 8, note: "README with \(doc.proseLines.count) prose lines")
                ]
            }
            return [
                RuleCandidate(
                    ctx.ev(doc.path, ctx.firstLine(doc.path)), strength: 1,
                    .rejected("only \(doc.proseLines.count) prose lines / \(doc.wordCount) words"))
            ]
        }
        for f in ctx.facts.files
        where !f.path.contains("/") && f.name.lowercased().hasPrefix("readme") && f.kind != .markdown {
            let lines = ctx.facts.lines(f.path).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            if lines.count >= 15 {
                return [RuleCandidate(ctx.ev(f.path, ctx.firstLine(f.path)), strength: 7, note: "README")]
            }
        }
        return []
    }
}
