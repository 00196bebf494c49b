import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct DiagramsRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .diagrams,
        summary:
            "Architecture or workflow diagrams: mermaid/graphviz/plantuml blocks, .dot/.puml/.mmd/.drawio files, or images whose name or alt text says architecture/diagram/pipeline/workflow (logos, banners and plots excluded).",
        rationale: "A diagram of data flow and components shortens onboarding and review.",
        triggering: [
            RuleExample(["README.md": "```mermaid\ngraph TD; A-->B\n```\n"]),
            RuleExample(["docs/arch.md": "![Architecture](img/architecture.png)\n", "docs/img/architecture.png": "PNG"]
            ),
        ],
        nonTriggering: [
            RuleExample(["README.md": "![logo](assets/logo.png)\n![loss](assets/loss.png)\n"], .absent),
            RuleExample(["docs/docs.md": "![Pipeline engine](assets/pipeline_engine.png)\n"], .absent),
        ],
        stubTerms: "",
        gap:
            "no architecture or workflow diagram; add a mermaid diagram of data -> model -> training -> checkpoints to the README",
        risk: "The component structure lives only in maintainers' heads.",
        patch: "Add a ```` ```mermaid ```` flowchart (data prep -> training -> eval -> checkpoints) to `README.md`.",
        patchFiles: [.path("README.md")],
        deferral: Deferral(
            .low, why: "documentation only",
            plan: "add a mermaid diagram of data -> model -> training -> checkpoints to the README"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out: [RuleCandidate] = []
        for d in ctx.config.markdown where ctx.isProductPath(d.path) {
            for f in d.fences where ["mermaid", "dot", "graphviz", "plantuml", "puml"].contains(f.language) {
                out.append(RuleCandidate(ctx.ev(d.path, f.startLine), strength: 8, note: "\(f.language) diagram"))
            }
            for i in d.images {
                let name = (i.alt + " " + i.target).lowercased()
                if let missing = ctx.missingLocalImage(i.target, from: d.path) {
                    out.append(
                        RuleCandidate(
                            ctx.ev(d.path, i.line), strength: 1,
                            .rejected("image `\(missing)` is not in the repository (broken link)")))
                } else if name.imatches(
                    #"architect|diagram|pipeline|workflow|flow ?chart|(^|[^a-z])flow([^a-z]|$)|overview|design|structure|schema"#
                ) && !name.imatches(#"logo|banner|loss|plot|curve|result|screenshot|badge"#) {
                    out.append(RuleCandidate(ctx.ev(d.path, i.line), strength: 6, note: "diagram image `\(i.target)`"))
                } else {
                    out.append(
                        RuleCandidate(
                            ctx.ev(d.path, i.line), strength: 1,
                            .rejected("image `\(i.target)` is not named as a diagram (logo, plot or screenshot)")))
                }
            }
        }
        for f in ctx.facts.files
        where ctx.isProductPath(f.path) && f.path.imatches(#"\.(dot|gv|puml|plantuml|mmd|drawio)$"#) {
            out.append(RuleCandidate(ctx.ev(f.path, ctx.firstLine(f.path)), strength: 7, note: "diagram source"))
        }
        return out
    }
}

extension RuleContext {
    /// The repository path of a local image link that names no file of the repository (nil for remote images and
    /// for images that exist).
    func missingLocalImage(_ target: String, from doc: String) -> String? {
        let t = target.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t.contains("://") || t.hasPrefix("data:") || t.hasPrefix("//") { return nil }
        var path = String(t.split(separator: "#").first ?? "").split(separator: "?").first.map(String.init) ?? ""
        if path.contains(" ") { path = String(path.split(separator: " ").first ?? "") }
        var parts: [Substring] = path.hasPrefix("/") ? [] : doc.split(separator: "/").dropLast()
        for p in path.split(separator: "/") {
            if p == "." { continue }
            if p == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
                continue
            }
            parts.append(p)
        }
        let resolved = parts.joined(separator: "/")
        return facts.snapshot.file(resolved) == nil ? resolved : nil
    }
}
