import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Rates the 14 capabilities from evidence rules, one rule per rubric sub-feature.
public enum CapabilityEngine {
    public static func assess(facts: RepositoryFacts, settings: AuditSettings) -> [CapabilityAssessment] {
        let ctx = StageTrace.detail("rules: context") { RuleContext(facts: facts) }
        return assess(context: ctx, settings: settings)
    }

    /// `concurrent: false` evaluates the rules one after another (the reference the determinism tests compare to).
    public static func assess(context ctx: RuleContext, settings: AuditSettings, concurrent: Bool = true)
        -> [CapabilityAssessment]
    {
        // Rules are pure functions of the immutable facts: evaluated concurrently, collected in catalogue order.
        StageTrace.detail("rules: indexes") { ctx.prepareForConcurrentUse() }
        let rules = RuleCatalog.all
        let one = { @Sendable (rule: any CapabilityRule) in
            StageTrace.detail("rule \(rule.description.subfeature.rawValue)") {
                evaluate(rule, ctx, settings: settings)
            }
        }
        let results = concurrent ? ConcurrentMap.map(rules, one) : rules.map(one)
        var outcomes: [Subfeature: RuleOutcome] = [:]
        for (rule, outcome) in zip(rules, results) { outcomes[rule.description.subfeature] = outcome }
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
        return StageTrace.detail("rules: cells") {
            RuleCatalog.capabilities.map { cap in
                CapabilityCellWriter.assessment(capability: cap, outcomes: outcomes, ctx: ctx)
            }
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
        if let s = settings.subfeatures[d.subfeature] {
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
        // A total order: strength (a line in a side folder such as examples, benchmarks or scripts gives way to the
        // main package's, see CitationPreference), then centrality, then the rule's own order (unique, so the
        // ranking does not depend on any unordered collection a rule may have walked: the report is byte-stable).
        // Keys are computed once per candidate, not once per comparison.
        let keys = cs.map { c in
            (
                c.strength
                    - (preferMainPackage && CitationPreference.isSideLocation(c.evidence.path)
                        ? CitationPreference.sidePenalty : 0),
                centrality[c.evidence.path] ?? 0
            )
        }
        let ordered = cs.indices.sorted { a, b in
            let (ka, kb) = (keys[a], keys[b])
            if ka != kb { return ka > kb }
            return a < b
        }
        // lines that show a mechanism first; a licence line or a bare `"""` only when nothing else was found
        // (each line's test runs at most once, and only until three citations are found)
        var shows = [Bool?](repeating: nil, count: cs.count)
        func showsMechanism(_ i: Int) -> Bool {
            if let known = shows[i] { return known }
            let v = CitationPreference.showsMechanism(cs[i].evidence.text ?? "")
            shows[i] = v
            return v
        }
        var seen: Set<String> = []
        var out: [Evidence] = []
        for pass in [true, false] {
            for i in ordered where out.count < 3 {
                let e = cs[i].evidence
                guard let t = e.text, !t.isEmpty, showsMechanism(i) == pass, seen.insert(e.citation).inserted else {
                    continue
                }
                out.append(e)
            }
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
        return ctx.gapStubs.filter { s in
            if s.kind == .todoComment { return s.text.imatches(d.stubTerms) && s.text.imatches(action) }
            let name = s.symbol.lastComponent
            return name.imatches(d.stubTerms) || (s.kind == .placeholderMessage && s.text.imatches(d.stubTerms))
        }.map { s in
            RuleCandidate(ctx.ev(s.path, s.line), strength: 1, .stub, note: "\(s.kind.rawValue) stub `\(s.symbol)`")
        }
    }
}
