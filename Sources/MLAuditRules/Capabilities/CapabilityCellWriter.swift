import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Writes a capability's table cells (artifacts, gaps, risks, patch plan, rollback) from its rules' outcomes.
package enum CapabilityCellWriter {
    package static func assessment(
        capability cap: RuleCatalog.Group, outcomes: [Subfeature: RuleOutcome], ctx: RuleContext
    ) -> CapabilityAssessment {
        var subs: [SubfeatureAssessment] = []
        var artifacts: [String] = []
        var gaps: [CapabilityGap] = []
        var risks: [String] = []
        var patches: [String] = []
        var patchFiles: [String] = []
        var touched: [String] = []
        for rule in cap.rules {
            let d = rule.description
            guard let o = outcomes[d.subfeature] else { continue }
            subs.append(
                SubfeatureAssessment(
                    subfeature: d.subfeature, state: o.state, evidence: o.evidence, override: o.override))
            if o.state == .present {
                for e in o.evidence.prefix(2) {
                    let a = artifact(e, ctx)
                    if !artifacts.contains(a) { artifacts.append(a) }
                }
                continue
            }
            if o.override?.isNotApplicable == true { continue }
            let anchor = anchorFile(for: cap, outcomes: outcomes, ctx: ctx)
            let gapFiles = d.gapFiles.compactMap { $0.resolved(anchor: anchor) }
            if o.state == .stub, let e = o.evidence.first {
                gaps.append(
                    CapabilityGap(
                        subfeature: d.subfeature,
                        text:
                            "\(d.subfeature): only a placeholder at `\(e.citation)` (`\(e.text ?? "")`); \(fill(d.gap, anchor))",
                        files: gapFiles))
            } else {
                gaps.append(
                    CapabilityGap(
                        subfeature: d.subfeature, text: "\(d.subfeature): \(fill(d.gap, anchor))", files: gapFiles))
            }
            if risks.count < 3 { risks.append(d.risk) }
            if patches.count < 3 {
                patches.append(fill(d.patch, anchor))
                for f in d.patchFiles.compactMap({ $0.resolved(anchor: anchor) }) where !patchFiles.contains(f) {
                    patchFiles.append(f)
                }
            }
            if let a = anchor, !touched.contains(a) { touched.append(a) }
        }
        let mainFile =
            subs.flatMap(\.evidence).first { $0.path.hasSuffix(".py") }?.path ?? subs.flatMap(\.evidence).first?.path
        let untested = mainFile.map { !isImportedByTests($0, ctx) } ?? true
        if risks.isEmpty {
            let names = subs.map(\.name).joined(separator: ", ")
            if let file = mainFile, !file.hasSuffix(".py") {
                risks.append(
                    "`\(file)` is only checked when a run loads it: a broken key for \(names) surfaces at run time.")
            } else if let file = mainFile, untested {
                risks.append("No test imports `\(file)`: a change to \(names) there is only noticed when a run fails.")
            } else if let file = mainFile {
                risks.append(
                    "Tests import `\(file)`, but a regression in \(names) is only caught where they assert on it.")
            }
        }
        let patchPlan: String
        if patches.isEmpty {
            let target = mainFile.map { "`\($0)`" } ?? "the existing code"
            let verb = mainFile?.hasSuffix(".py") == false ? "loads" : "imports"
            patchPlan =
                untested
                ? "No feature change; add a smoke test that \(verb) \(target) and exercises \(subs.first?.name ?? "it") on a tiny input."
                : "No change needed."
        } else {
            patchPlan = patches.enumerated().map { "\($0.offset + 1)) \($0.element)" }.joined(separator: " ")
        }
        let rollback: String
        if patches.isEmpty {
            rollback =
                untested && mainFile != nil
                ? "Delete the added smoke test; no product code changes." : "Nothing to roll back."
        } else {
            // the files the patch steps name (declared by each rule), else the anchor files
            let files = patchFiles.isEmpty ? touched : patchFiles
            let place = files.isEmpty ? "the new files" : files.map { "`\($0)`" }.joined(separator: ", ")
            rollback =
                "Revert the commit touching \(place) (`git revert <sha>`); each step is additive and off by default, so removing it restores today's behaviour."
        }
        return CapabilityAssessment(
            capability: cap.capability, subfeatures: subs, artifacts: artifacts,
            gaps: gaps, risks: risks, patchPlan: patchPlan, rollback: rollback)
    }

    /// Whether a test module imports the Python module at `path` (by its dotted name's last component).
    package static func isImportedByTests(_ path: String, _ ctx: RuleContext) -> Bool {
        guard path.hasSuffix(".py") else { return false }
        let stem = String(path.split(separator: "/").last?.dropLast(3) ?? "")
        let pkg = path.split(separator: "/").dropLast().last.map(String.init)
        return ctx.tests.contains { t in
            t.imports.contains { i in
                let parts = i.module.split(separator: ".").map(String.init)
                return parts.last == stem || i.names.contains { $0.name == stem }
                    || (pkg != nil && parts.contains(pkg!) && stem == "__init__")
            }
        }
    }

    /// "train.py (estimate_loss)" or "configs/logger/csv.yaml".
    package static func artifact(_ e: Evidence, _ ctx: RuleContext) -> String {
        if let m = ctx.facts.python[e.path], let f = ctx.function(in: m, at: e.line) {
            return "\(e.path) (\(f.qualifiedName))"
        }
        if let m = ctx.facts.python[e.path],
            let c = m.classes.first(where: { $0.span.start <= e.line && e.line <= $0.span.end })
        {
            return "\(e.path) (\(c.qualifiedName))"
        }
        return e.path
    }

    /// Where the capability's fix belongs: the Python file holding the most present sibling sub-features (the
    /// checkpoint dict that saves weights, optimizer and scheduler state is where RNG state goes, not a file that
    /// only exports a tensor), ties to the first in rule order; else the training entry point, else nil.
    package static func anchorFile(for cap: RuleCatalog.Group, outcomes: [Subfeature: RuleOutcome], ctx: RuleContext)
        -> String?
    {
        // Candidates: each present sub-feature's strongest Python file, in rule order; weight: how many present
        // sub-features cite the candidate anywhere in their evidence.
        let present = cap.rules.compactMap { rule -> [String]? in
            guard let o = outcomes[rule.description.subfeature], o.state == .present else { return nil }
            return o.evidence.map(\.path).filter { $0.hasSuffix(".py") }
        }
        var candidates: [String] = []
        for files in present { if let f = files.first, !candidates.contains(f) { candidates.append(f) } }
        let weight = { (file: String) in present.filter { $0.contains(file) }.count }
        if let top = candidates.map(weight).max() {
            return candidates.first { weight($0) == top }
        }
        if let loop = outcomes[.trainingLoop], let e = loop.evidence.first(where: { $0.path.hasSuffix(".py") }) {
            return e.path
        }
        return nil
    }

    package static func fill(_ template: String, _ anchor: String?) -> String {
        template.replacingOccurrences(of: "{anchor}", with: anchor.map { "`\($0)`" } ?? "the training entry point")
    }
}
