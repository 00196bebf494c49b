import Foundation

/// Rates the 14 capabilities from evidence rules, one rule per rubric sub-feature.
public enum CapabilityEngine {
    public static func assess(facts: RepositoryFacts, settings: AuditSettings) -> [CapabilityAssessment] {
        let ctx = RuleContext(facts: facts)
        return assess(context: ctx, settings: settings)
    }

    public static func assess(context ctx: RuleContext, settings: AuditSettings) -> [CapabilityAssessment] {
        var outcomes: [String: RuleOutcome] = [:]
        for rule in RuleCatalog.all {
            outcomes[rule.description.subfeature] = evaluate(rule, ctx, settings: settings)
        }
        return RuleCatalog.capabilities.map { cap in
            CapabilityCellWriter.assessment(capability: cap, outcomes: outcomes, ctx: ctx)
        }
    }

    /// One rule's answer: its candidates, stub sites belonging to it, then `.mlaudit.toml` settings.
    public static func evaluate(_ rule: CapabilityRule, _ ctx: RuleContext, settings: AuditSettings) -> RuleOutcome {
        let d = rule.description
        var candidates = rule.candidates(in: ctx)
        if d.capability != "Internal CI/Test" {
            candidates = candidates.map { c in
                guard c.verdict == .accepted || c.verdict == .stub, !ctx.isProductPath(c.evidence.path) else { return c }
                var r = c
                r.verdict = .rejected("test or vendored file: only Internal CI/Test counts tests")
                return r
            }
        }
        candidates += stubCandidates(d, ctx)
        var override: String? = nil
        if let s = settings.subfeatures[d.subfeature] {
            candidates += SettingsMatcher.candidates(s, ctx)
            if let reason = s.notApplicable { override = "not applicable: \(reason)" }
            else if !s.paths.isEmpty || !s.patterns.isEmpty { override = "extended by .mlaudit.toml paths/patterns" }
        }
        let accepted = ranked(candidates.filter { $0.verdict == .accepted })
        let stubs = ranked(candidates.filter { $0.verdict == .stub })
        if !accepted.isEmpty {
            return RuleOutcome(state: .present, evidence: accepted, candidates: candidates, override: override)
        }
        if !stubs.isEmpty {
            return RuleOutcome(state: .stub, evidence: stubs, candidates: candidates, override: override)
        }
        return RuleOutcome(state: .absent, evidence: [], candidates: candidates, override: override)
    }

    /// Strongest first, one citation per line, at most three, only lines that exist and are non-blank.
    static func ranked(_ cs: [RuleCandidate]) -> [Evidence] {
        var seen: Set<String> = []
        var out: [Evidence] = []
        for c in cs.enumerated().sorted(by: { ($0.element.strength, -$0.offset) > ($1.element.strength, -$1.offset) }).map(\.element) {
            guard let t = c.evidence.text, !t.isEmpty, seen.insert(c.evidence.citation).inserted else { continue }
            out.append(c.evidence)
            if out.count == 3 { break }
        }
        return out
    }

    /// Stub sites (not declarations) in product code whose symbol or text names this sub-feature's mechanism.
    static func stubCandidates(_ d: RuleDescription, _ ctx: RuleContext) -> [RuleCandidate] {
        guard !d.stubTerms.isEmpty else { return [] }
        return ctx.facts.stubs.filter { s in
            !s.declaration && ctx.isProductPath(s.path)
                && (s.symbol.imatches(d.stubTerms) || s.text.imatches(d.stubTerms))
        }.map { s in
            RuleCandidate(ctx.ev(s.path, s.line), strength: 1, .stub, note: "\(s.kind.rawValue) stub `\(s.symbol)`")
        }
    }
}
