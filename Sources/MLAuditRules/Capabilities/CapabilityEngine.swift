import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Rates the 14 capabilities from evidence rules, one rule per rubric sub-feature.
public enum CapabilityEngine {
    public static func assess(facts: RepositoryFacts, settings: AuditSettings) -> [CapabilityAssessment] {
        let ctx = RuleContext(facts: facts)
        return assess(context: ctx, settings: settings)
    }

    public static func assess(context ctx: RuleContext, settings: AuditSettings) -> [CapabilityAssessment] {
        var outcomes: [Subfeature: RuleOutcome] = [:]
        for rule in RuleCatalog.all {
            outcomes[rule.description.subfeature] = evaluate(rule, ctx, settings: settings)
        }
        // Between equally strong citations, prefer the file that carries the most sub-features (the main
        // training script rather than a benchmark copy of its loop).
        var centrality: [String: Int] = [:]
        for o in outcomes.values {
            for path in Set(o.candidates.filter { $0.verdict == .accepted }.map(\.evidence.path)) {
                centrality[path, default: 0] += 1
            }
        }
        let documentation = Set(
            RuleCatalog.all.filter { $0.description.capability == CitationPreference.documentationCapability }.map(
                \.description.subfeature))
        for (name, o) in outcomes where o.state != .absent {
            var r = o
            r.evidence = ranked(
                o.candidates.filter { $0.verdict == (o.state == .present ? .accepted : .stub) }, centrality: centrality,
                preferMainPackage: !documentation.contains(name))
            outcomes[name] = r
        }
        return RuleCatalog.capabilities.map { cap in
            CapabilityCellWriter.assessment(capability: cap, outcomes: outcomes, ctx: ctx)
        }
    }

    /// One rule's answer: its candidates, stub sites belonging to it, then `.mlaudit.toml` settings.
    public static func evaluate(_ rule: CapabilityRule, _ ctx: RuleContext, settings: AuditSettings) -> RuleOutcome {
        let d = rule.description
        // the rule's own mechanisms, then the frameworks' documented APIs and config keys for the same sub-feature
        var candidates = rule.candidates(in: ctx) + ctx.frameworkCandidates(subfeature: d.subfeature)
        if d.capability != .internalCITest {
            candidates = candidates.map { c in
                guard c.verdict == .accepted || c.verdict == .stub, !ctx.isProductPath(c.evidence.path) else {
                    return c
                }
                var r = c
                r.verdict = .rejected("test or vendored file: only Internal CI/Test counts tests")
                return r
            }
        }
        candidates += stubCandidates(d, ctx)
        var override: SubfeatureOverride? = nil
        if let s = settings.subfeatures[d.subfeature.rawValue] {
            candidates += SettingsMatcher.candidates(s, ctx)
            if let reason = s.notApplicable {
                override = .notApplicable(reason: reason)
            } else if !s.paths.isEmpty || !s.patterns.isEmpty {
                override = .extendedBySettings
            }
        }
        let prefer = d.capability != CitationPreference.documentationCapability
        let accepted = ranked(candidates.filter { $0.verdict == .accepted }, preferMainPackage: prefer)
        let stubs = ranked(candidates.filter { $0.verdict == .stub }, preferMainPackage: prefer)
        // a state other than absent needs a citable line (unreadable files cannot be cited)
        if !accepted.isEmpty {
            return RuleOutcome(state: .present, evidence: accepted, candidates: candidates, override: override)
        }
        if !stubs.isEmpty {
            return RuleOutcome(state: .stub, evidence: stubs, candidates: candidates, override: override)
        }
        return RuleOutcome(state: .absent, evidence: [], candidates: candidates, override: override)
    }

    /// Strongest first, one citation per line, at most three, only lines that exist and are non-blank.
    package static func ranked(_ cs: [RuleCandidate], centrality: [String: Int] = [:], preferMainPackage: Bool = true)
        -> [Evidence]
    {
        var seen: Set<String> = []
        var out: [Evidence] = []
        // A total order: strength, then centrality, then the rule's own order, then path and line. The last two make
        // the ranking independent of any unordered collection a rule may have walked (the report must be byte-stable).
        // A line in a side folder (examples, benchmarks, scripts) gives way to the main package's (see CitationPreference).
        let key = { (c: (offset: Int, element: RuleCandidate)) in
            (
                c.element.strength
                    - (preferMainPackage && CitationPreference.isSideLocation(c.element.evidence.path)
                        ? CitationPreference.sidePenalty : 0),
                centrality[c.element.evidence.path] ?? 0, -c.offset
            )
        }
        let ordered = cs.enumerated().sorted { a, b in
            let (ka, kb) = (key(a), key(b))
            if ka.0 != kb.0 || ka.1 != kb.1 { return (ka.0, ka.1) > (kb.0, kb.1) }
            if a.element.evidence.path != b.element.evidence.path || a.element.evidence.line != b.element.evidence.line
            {
                if ka.2 != kb.2 { return ka.2 > kb.2 }
                return (a.element.evidence.path, a.element.evidence.line) < (
                    b.element.evidence.path, b.element.evidence.line
                )
            }
            return ka.2 > kb.2
        }
        // lines that show a mechanism first; a licence line or a bare `"""` only when nothing else was found
        let showable = ordered.map(\.element).filter { CitationPreference.showsMechanism($0.evidence.text ?? "") }
        let rest = ordered.map(\.element).filter { !CitationPreference.showsMechanism($0.evidence.text ?? "") }
        for c in showable + rest {
            guard let t = c.evidence.text, !t.isEmpty, seen.insert(c.evidence.citation).inserted else { continue }
            out.append(c.evidence)
            if out.count == 3 { break }
        }
        return out
    }

    /// Stub sites (not declarations) in product code whose symbol or text names this sub-feature's mechanism.
    package static func stubCandidates(_ d: RuleDescription, _ ctx: RuleContext) -> [RuleCandidate] {
        guard !d.stubTerms.isEmpty else { return [] }
        // A placeholder function belongs to the sub-feature its own name names; a TODO comment only when its text
        // names the mechanism and says something is still to be done.
        let action =
            #"\b(implement|add|support|missing|not (yet )?(implemented|supported)|later|enable|wire|hook up|placeholder|stub|fill in)\b"#
        // Only sites that prove a gap: guards for unsupported input and documented no-op hooks are not stubs.
        return ctx.productStubs.filter { s in
            guard StubProof.provesGap(s, in: ctx.facts.python[s.path]) else { return false }
            if s.kind == .todoComment { return s.text.imatches(d.stubTerms) && s.text.imatches(action) }
            let name = s.symbol.lastComponent
            return name.imatches(d.stubTerms) || (s.kind == .placeholderMessage && s.text.imatches(d.stubTerms))
        }.map { s in
            RuleCandidate(ctx.ev(s.path, s.line), strength: 1, .stub, note: "\(s.kind.rawValue) stub `\(s.symbol)`")
        }
    }
}
