import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Why a sub-feature is not present: what was searched, and the near misses a user would look at next.
///
/// Near misses are places that use the sub-feature's vocabulary (its rule's mechanism terms and the framework
/// APIs mapped to it) but that no rule accepted: in product code ("no rule accepts this form"), in tests or
/// vendored copies ("only Internal CI/Test counts tests"), framework APIs in a module that does not import the
/// framework, and stub sites that prove no gap (guards, documented no-ops).
public struct AbsenceExplanation: Sendable {
    public var searched: [String]
    public var nearMisses: [(evidence: Evidence, reason: String)]
}

public enum AbsenceExplainer {
    static let limit = 15
    /// Words of rule summaries too common to point at a mechanism.
    static let stopWords: Set<String> = [
        "self", "true", "false", "none", "init", "mode", "main", "path", "name", "data", "model",
        "step", "load", "save", "train", "config", "args", "from", "with", "torch", "file",
    ]

    public static func explain(_ rule: CapabilityRule, _ ctx: RuleContext, outcome: RuleOutcome) -> AbsenceExplanation {
        let d = rule.description
        let frameworks = FrameworkKnowledge.all.filter { spec in
            spec.entries.contains { $0.subfeature == d.subfeature }
        }
        let detected = frameworks.filter { ctx.frameworkInRepository($0) }.map(\.framework)
        let configFiles = Set(ctx.entries.map(\.path)).count
        var searched = [
            "\(ctx.product.count) product Python file(s) and notebook(s) (\(ctx.tests.count) test file(s) left out: tests count only for Internal CI/Test; vendored and copied packages left out)",
            "\(ctx.entries.count) config entr\(ctx.entries.count == 1 ? "y" : "ies") in \(configFiles) YAML/JSON/TOML/INI file(s), \(ctx.config.markdown.count) Markdown file(s), \(ctx.config.commands.count) shell/Makefile/CI command line(s)",
        ]
        if !frameworks.isEmpty {
            let names = frameworks.map { f in
                f.framework + (detected.contains(f.framework) ? " (used here)" : " (not imported or declared here)")
            }
            searched.append("framework APIs mapped to this sub-feature: " + names.joined(separator: ", "))
        }
        var seen = Set(outcome.candidates.map(\.evidence.citation))
        var misses: [(Evidence, String)] = []
        func add(_ e: Evidence, _ why: String) {
            guard misses.count < limit, !(e.text ?? "").isEmpty, seen.insert(e.citation).inserted else { return }
            misses.append((e, why))
        }
        let vocabulary = d.stubTerms
        // the framework APIs mapped to the sub-feature, and the identifiers the rule's own summary names in backticks
        var apiNames = Set(
            frameworks.flatMap { $0.entries.filter { $0.subfeature == d.subfeature }.flatMap(\.names) })
        for code in d.summary.matchesAll(#"`([^`]+)`"#) {
            for word in code.matchesAll(#"([A-Za-z_][A-Za-z0-9_]{3,})"#) where !stopWords.contains(word.lowercased()) {
                apiNames.insert(word)
            }
        }
        if !vocabulary.isEmpty || !apiNames.isEmpty {
            func mentions(_ word: String) -> Bool {
                apiNames.contains(word) || apiNames.contains(word.lastComponent)
                    || (!vocabulary.isEmpty && word.imatches(vocabulary))
            }
            // product code that names the mechanism without a form any rule accepts
            for m in ctx.product {
                for c in m.calls where mentions(c.callee.lastComponent) {
                    let spec = frameworks.first { f in
                        f.entries.contains {
                            $0.subfeature == d.subfeature && $0.names.contains(c.callee.lastComponent)
                        }
                    }
                    if let spec, !ctx.importsFramework(m, spec) {
                        add(
                            ctx.ev(m.path, c.line),
                            "`\(c.callee)` is a \(spec.framework) API name, but this module does not import \(spec.framework)"
                        )
                    } else {
                        add(
                            ctx.ev(m.path, c.line),
                            "calls `\(c.callee)`, but no rule accepts this call's form or arguments as the mechanism")
                    }
                }
                for f in m.functions where mentions(f.name) {
                    add(
                        ctx.ev(m.path, f.span.start),
                        "defines `\(f.qualifiedName)`; a definition alone is not evidence that it runs")
                }
            }
            for e in ctx.entries where mentions(e.key) || apiNames.contains(e.value) {
                add(
                    ctx.ev(e.path, e.line),
                    "config key `\(e.keyPath)` = `\(e.value)`: its value or file does not turn the feature on for any rule"
                )
            }
            // the same vocabulary in tests
            for m in ctx.tests {
                for c in m.calls where mentions(c.callee.lastComponent) {
                    add(ctx.ev(m.path, c.line), "in a test file: only Internal CI/Test counts tests")
                    break
                }
            }
            // stub sites that name the mechanism but prove no gap
            for s in ctx.productStubs
            where s.kind != .todoComment && !vocabulary.isEmpty && s.symbol.lastComponent.imatches(vocabulary) {
                if !StubProof.provesGap(s, in: ctx.facts.python[s.path]) {
                    add(
                        ctx.ev(s.path, s.line),
                        "\(s.kind.rawValue) in `\(s.symbol)` is a guard for unsupported input or a documented no-op, not a stub"
                    )
                }
            }
        }
        return AbsenceExplanation(searched: searched, nearMisses: misses)
    }
}
