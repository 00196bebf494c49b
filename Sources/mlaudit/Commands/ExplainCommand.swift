import ArgumentParser
import Foundation
import MLAuditCore
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditRemediation
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// `mlaudit explain CODE_OR_CAPABILITY [PATH]`: a rule's documentation and, with a path, the evidence it found
/// there and the candidates it rejected (and why).
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract:
            "Explain a finding check (MLA101) or a capability rule (by code, sub-feature or capability name), optionally against a repository.",
        discussion:
            "Examples: `mlaudit explain CAP-CKP-03`, `mlaudit explain \"scheduler state\" ../nanoGPT`, `mlaudit explain Tokenization .`"
    )

    @Argument(
        help: "A rule code (CAP-TOK-01), a sub-feature name (\"fast tokenizer\") or a capability name (Tokenization).")
    var key: String
    @Argument(help: "A repository to evaluate the rule(s) against.") var path: String?

    func run() throws {
        if let check = FindingCatalog.check(code: key.uppercased()) {
            var text = FindingRulesText.explain(check)
            if let path {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
                    FileHandle.standardError.write(Data("mlaudit: error: \(path) is not a directory\n".utf8))
                    throw ExitCode(2)
                }
                let root = URL(fileURLWithPath: path).standardizedFileURL
                var settings = AuditSettings(date: "1970-01-01", timestamp: "1970-01-01T00:00:00Z")
                try? SettingsLoader.load(root: root, config: nil, into: &settings)
                text += FindingRulesText.inRepository(
                    check.code, Auditor.run(root: root, settings: settings).report)
            }
            FileHandle.standardOutput.write(Data(SecretScanner.redact(text).utf8))
            return
        }
        let rules: [CapabilityRule]
        if let rule = RuleCatalog.rule(named: key) {
            rules = [rule]
        } else if let cap = RuleCatalog.capability(named: key) {
            rules = cap.rules
        } else {
            FileHandle.standardError.write(
                Data(
                    "mlaudit: error: no rule or capability named '\(TerminalText.clean(key))'; see `mlaudit rules`\n"
                        .utf8))
            throw ExitCode(2)
        }
        var context: RuleContext? = nil
        var settings = AuditSettings(date: "1970-01-01", timestamp: "1970-01-01T00:00:00Z")
        if let path {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
                FileHandle.standardError.write(
                    Data("mlaudit: error: \(TerminalText.clean(path)) is not a directory\n".utf8))
                throw ExitCode(2)
            }
            let root = URL(fileURLWithPath: path).standardizedFileURL
            // Settings exactly as `audit` loads them (a symlinked .mlaudit.toml is refused, limits only tighten).
            try? SettingsLoader.load(root: root, config: nil, into: &settings)
            let errors = ErrorLog(timestamp: settings.timestamp)
            var options = RepositorySnapshot.Options()
            options.maxFileBytes = settings.maxFileBytes
            options.maxFiles = settings.maxFiles
            options.exclude = settings.exclude
            let snapshot = RepositorySnapshot.take(root: root, options: options, errors: errors)
            let facts = RepositoryFacts.build(
                snapshot: snapshot, git: GitFacts.read(root: root, errors: errors), errors: errors)
            context = RuleContext(facts: facts)
        }
        var out = ""
        for rule in rules {
            out += ExplainText.documentation(rule.description)
            if let ctx = context {
                let outcome = CapabilityEngine.evaluate(rule, ctx, settings: settings)
                out += ExplainText.findings(outcome)
                if outcome.state != .present {
                    out += ExplainText.absence(AbsenceExplainer.explain(rule, ctx, outcome: outcome))
                }
            }
            out += "\n"
        }
        FileHandle.standardOutput.write(Data(TerminalText.cleanLines(out).utf8))
    }
}

enum ExplainText {
    static func documentation(_ d: RuleDescription) -> String {
        var s = "\(d.code)  \(d.capability) / \(d.subfeature)\n"
        s += "  Looks for:\n" + RulesText.wrap(d.summary, indent: "    ") + "\n"
        s += "  Why it matters:\n" + RulesText.wrap(d.rationale, indent: "    ") + "\n"
        s += "  Triggering examples:\n" + d.triggering.map(example).joined()
        s += "  Non-triggering examples:\n" + d.nonTriggering.map(example).joined()
        return s
    }

    static func example(_ e: RuleExample) -> String {
        var s = "    -> \(e.expect.rawValue)\n"
        for (path, content) in e.files.sorted(by: { $0.key < $1.key }) {
            s += "       \(path):\n"
            for line in content.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
                content.hasSuffix("\n") ? 1 : 0)
            {
                s += "         | \(line)\n"
            }
        }
        return s
    }

    static func findings(_ o: RuleOutcome) -> String {
        var s = "  In this repository: \(o.state.rawValue)\(o.override.map { " (\($0))" } ?? "")\n"
        let accepted = o.candidates.filter { $0.verdict == .accepted }
        let stubs = o.candidates.filter { $0.verdict == .stub }
        let rejected = o.candidates.compactMap { c -> (RuleCandidate, String)? in
            if case .rejected(let why) = c.verdict { return (c, why) } else { return nil }
        }
        if !o.evidence.isEmpty {
            s += "  Cited (strongest first):\n"
            for e in o.evidence { s += "    \(e.citation)  \(e.text ?? "")\n" }
        }
        if !accepted.isEmpty {
            s += "  Evidence found (\(accepted.count)):\n"
            for c in accepted.prefix(20) {
                s += "    \(c.evidence.citation) [\(c.strength)] \(c.note): \(c.evidence.text ?? "")\n"
            }
            if accepted.count > 20 { s += "    ... \(accepted.count - 20) more\n" }
        }
        if !stubs.isEmpty {
            s += "  Placeholders (\(stubs.count)):\n"
            for c in stubs.prefix(20) { s += "    \(c.evidence.citation) \(c.note): \(c.evidence.text ?? "")\n" }
        }
        if !rejected.isEmpty {
            s += "  Candidates rejected (\(rejected.count)):\n"
            for (c, why) in rejected.prefix(20) { s += "    \(c.evidence.citation) \(why): \(c.evidence.text ?? "")\n" }
        }
        if o.candidates.isEmpty { s += "  No candidate the rule accepts or rejects was found.\n" }
        return s
    }

    /// What was searched for an absent (or stub) sub-feature, and the near misses with the reason each does not count.
    static func absence(_ a: AbsenceExplanation) -> String {
        var s = "  Searched:\n" + a.searched.map { RulesText.wrap($0, indent: "    ") + "\n" }.joined()
        if a.nearMisses.isEmpty {
            s +=
                "  Near misses: none (no call, definition or config key uses the mechanism names the rule looks for).\n"
        } else {
            s += "  Near misses, and why each does not count (\(a.nearMisses.count)):\n"
            for (e, why) in a.nearMisses { s += "    \(e.citation)  \(why): \(e.text ?? "")\n" }
        }
        return s
    }
}
