import Foundation
import MLAuditPython

/// Writes a capability's table cells (artifacts, gaps, risks, patch plan, rollback) from its rules' outcomes.
enum CapabilityCellWriter {
    static func assessment(capability cap: RuleCatalog.Capability, outcomes: [String: RuleOutcome], ctx: RuleContext) -> CapabilityAssessment {
        var subs: [SubfeatureAssessment] = []
        var artifacts: [String] = []
        var gaps: [String] = []
        var risks: [String] = []
        var patches: [String] = []
        var touched: [String] = []
        for rule in cap.rules {
            let d = rule.description
            guard let o = outcomes[d.subfeature] else { continue }
            subs.append(SubfeatureAssessment(name: d.subfeature, ruleCode: d.code, state: o.state, evidence: o.evidence, override: o.override))
            if o.state == .present {
                for e in o.evidence.prefix(2) {
                    let a = artifact(e, ctx)
                    if !artifacts.contains(a) { artifacts.append(a) }
                }
                continue
            }
            if o.override?.hasPrefix("not applicable") == true { continue }
            let anchor = anchorFile(for: cap, outcomes: outcomes, ctx: ctx)
            if o.state == .stub, let e = o.evidence.first {
                gaps.append("\(d.subfeature): only a placeholder at `\(e.citation)` (`\(e.text ?? "")`); \(fill(d.gap, anchor))")
            } else {
                gaps.append("\(d.subfeature): \(fill(d.gap, anchor))")
            }
            if risks.count < 3 { risks.append(d.risk) }
            if patches.count < 3 { patches.append(fill(d.patch, anchor)) }
            if let a = anchor, !touched.contains(a) { touched.append(a) }
        }
        if risks.isEmpty {
            let files = artifacts.prefix(2).map { "`\($0.split(separator: " ").first ?? "")`" }.joined(separator: ", ")
            let tested = !ctx.tests.isEmpty
            risks.append(tested ? "Regressions in \(files) surface only if the test suite exercises them; no further gap."
                                : "No tests exercise \(files): a refactor can silently break \(cap.name.lowercased()).")
        }
        let patchPlan = patches.isEmpty
            ? "No change needed; add a regression test around \(artifacts.first.map { "`\($0)`" } ?? "the existing code") if none exists."
            : patches.enumerated().map { "\($0.offset + 1)) \($0.element)" }.joined(separator: " ")
        let rollback: String
        if patches.isEmpty {
            rollback = "Nothing to roll back."
        } else {
            // the files the patch steps name, else the anchor files
            var files: [String] = []
            for p in patches {
                for f in p.matchesAll(#"`([\w./-]+\.(?:py|yaml|yml|toml|md|cfg|txt|ini|lock|json))`"#) where !files.contains(f) { files.append(f) }
            }
            if files.isEmpty { files = touched }
            let where_ = files.isEmpty ? "the new files" : files.map { "`\($0)`" }.joined(separator: ", ")
            rollback = "Revert the commit touching \(where_) (`git revert <sha>`); each step is additive and off by default, so removing it restores today's behaviour."
        }
        return CapabilityAssessment(name: cap.name, label: cap.label, subfeatures: subs, artifacts: artifacts,
                                    gaps: gaps, risks: risks, patchPlan: patchPlan, rollback: rollback)
    }

    /// "train.py (estimate_loss)" or "configs/logger/csv.yaml".
    static func artifact(_ e: Evidence, _ ctx: RuleContext) -> String {
        if let m = ctx.facts.python[e.path], let f = ctx.function(in: m, at: e.line) {
            return "\(e.path) (\(f.qualifiedName))"
        }
        if let m = ctx.facts.python[e.path], let c = m.classes.first(where: { $0.span.start <= e.line && e.line <= $0.span.end }) {
            return "\(e.path) (\(c.qualifiedName))"
        }
        return e.path
    }

    /// Where the capability's fix belongs: a file already holding a present sibling sub-feature,
    /// else the training entry point, else nil.
    static func anchorFile(for cap: RuleCatalog.Capability, outcomes: [String: RuleOutcome], ctx: RuleContext) -> String? {
        for rule in cap.rules {
            if let o = outcomes[rule.description.subfeature], o.state == .present,
               let e = o.evidence.first(where: { $0.path.hasSuffix(".py") }) { return e.path }
        }
        if let loop = outcomes["training loop"], let e = loop.evidence.first(where: { $0.path.hasSuffix(".py") }) { return e.path }
        return nil
    }

    static func fill(_ template: String, _ anchor: String?) -> String {
        template.replacingOccurrences(of: "{anchor}", with: anchor.map { "`\($0)`" } ?? "the training entry point")
    }
}
