import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Shared queries the rules are written in.
extension RuleContext {
    /// Product calls whose last callee component is one of `names` (import aliases resolved).
    package func callsNamed(_ names: Set<String>) -> [(module: PythonModule, call: PythonCall)] {
        calls(at: code.sites(namedLeaf: names))
    }

    /// Product calls whose full dotted callee, as written or with import aliases resolved, matches `regex`.
    package func callsMatching(_ regex: String) -> [(module: PythonModule, call: PythonCall)] {
        calls(
            at: positionsByRegex.value(regex) {
                code.sites(named: calleeVocabulary.matching(regex, caseInsensitive: false, in: self))
            })
    }

    /// `CN(...)` after `from x.utils import CfgNode as CN` reads as `CfgNode(...)`; `pl.Trainer` after
    /// `import pytorch_lightning as pl` as `pytorch_lightning.Trainer`.
    package func resolved(_ m: PythonModule, _ callee: String) -> String { code.named(callee, in: m) }

    /// Accepted candidates for calls whose callee matches `regex`.
    package func callCandidates(_ regex: String, strength: Int = 5, note: String) -> [RuleCandidate] {
        callsMatching(regex).map { candidate($0.module, $0.call, strength: strength, note: note) }
    }

    /// Calls passing keyword `key`; `valueOK` judges its value text.
    package func keywordCandidates(
        _ keys: Set<String>, strength: Int = 5, note: String,
        valueOK: (String) -> Bool = { _ in true }
    ) -> [RuleCandidate] {
        calls(at: code.sites(keyword: keys)).map { m, c in
            let k = c.keywords.first { keys.contains($0) } ?? ""
            let v = c.keywordValues[k] ?? ""
            let line = keywordLine(m.path, c, k)
            if !valueOK(v) {
                return RuleCandidate(
                    ev(m.path, line), strength: strength, .rejected("`\(k)=\(v)` disables it"), note: note)
            }
            var r = candidate(m, c, strength: strength, note: note)
            r.evidence = ev(m.path, line)
            return r
        }
    }

    /// Config entries whose key is in `keys`; `valueOK` judges the value.
    package func entryCandidates(
        _ keys: Set<String>, strength: Int = 5, note: String,
        valueOK: (ConfigEntry) -> Bool = { _ in true }
    ) -> [RuleCandidate] {
        keys.flatMap { entriesByKey[$0.lowercased()] ?? [] }.sorted { ($0.path, $0.line) < ($1.path, $1.line) }.map {
            e in
            valueOK(e)
                ? candidate(e, strength: strength, note: note)
                : RuleCandidate(
                    ev(e.path, e.line), strength: strength, .rejected("`\(e.key): \(e.value)` does not enable it"),
                    note: note)
        }
    }

    /// Hydra `_target_` entries naming a class that matches `regex`.
    package func targetCandidates(_ regex: String, strength: Int = 6, note: String) -> [RuleCandidate] {
        entries(key: "_target_") { $0.value.matches(regex) }.map { candidate($0, strength: strength, note: note) }
    }

    /// Config entries in the same file as a `_target_` matching `regex` (the object's configured arguments).
    package func entriesBeside(target regex: String) -> [ConfigEntry] {
        let files = Set(entries(key: "_target_") { $0.value.matches(regex) }.map(\.path))
        return files.sorted().flatMap { entriesByPath[$0] ?? [] }
    }

    /// Assignments whose target's last component matches `targetRegex` and whose value matches `valueRegex`.
    /// With `onFirstLine`, the statement's own line must show the match (no citation of a continuation line).
    /// `requiring`: texts every match of `valueRegex` contains (a byte search skips the regex on values without
    /// them; it never changes the answer).
    package func assignmentCandidates(
        target targetRegex: String, value valueRegex: String, requiring: [String] = [], strength: Int = 5,
        note: String, onFirstLine: Bool = false
    ) -> [RuleCandidate] {
        // the target regex runs once per distinct target; positions sorted keep the product order
        var out: [RuleCandidate] = []
        let leaves = code.assignmentTargetLeaves
        let targets = assignmentLeafVocabulary.matching(targetRegex, caseInsensitive: true, in: self)
        for n in targets.flatMap({ leaves[$0] ?? [] }).sorted() {
            let (m, a) = code.assignment(n)
            guard requiring.allSatisfy({ a.valueText.fastContains($0) }), a.valueText.matches(valueRegex),
                !onFirstLine || lineText(m.path, a.line).matches(valueRegex)
            else { continue }
            out.append(
                RuleCandidate(ev(m.path, valueLine(m.path, a.line, valueRegex)), strength: strength, note: note))
        }
        return out
    }

    /// The line of a multi-line call that holds `keyword=` (the call's first line when not found).
    package func keywordLine(_ path: String, _ c: PythonCall, _ keyword: String) -> Int {
        let count = facts.lineCount(path)
        guard c.line >= 1, c.line <= count else { return c.line }
        let rx = "(^|[^\\w])" + NSRegularExpression.escapedPattern(for: keyword) + "\\s*="
        // a line holding `keyword=` holds the keyword's bytes: the byte search skips the regex on every other line
        for n in c.line...min(count, c.line + 40) {
            let text = String(facts.line(path, n) ?? "")
            if (keyword.isEmpty || text.fastContains(keyword)) && text.matches(rx) { return n }
        }
        return c.line
    }

    /// The line of a multi-line assignment whose text matches `regex` (the first line when none does alone).
    package func valueLine(_ path: String, _ line: Int, _ regex: String) -> Int {
        let count = facts.lineCount(path)
        guard line >= 1, line <= count else { return line }
        if String(facts.line(path, line) ?? "").matches(regex) { return line }
        // only within the statement: follow continuation lines while brackets stay open
        var balance = 0
        for n in line...min(count, line + 40) {
            let text = String(facts.line(path, n) ?? "")
            if n > line && text.matches(regex) { return n }
            for ch in text { if "([{".contains(ch) { balance += 1 } else if ")]}".contains(ch) { balance -= 1 } }
            if balance <= 0 && !text.hasSuffix("\\") { break }
        }
        return line
    }

    /// First line that is neither blank nor a comment (for YAML, shell, Python, TOML).
    package func firstContentLine(_ path: String) -> Int {
        let l = facts.lines(path)
        if let i = l.firstIndex(where: {
            let t = $0.trimmingCharacters(in: .whitespaces)
            return !t.isEmpty && !t.hasPrefix("#")
        }) {
            return i + 1
        }
        return firstLine(path)
    }

    /// Functions (implemented or not) named by `regex`; stubs become `stub` candidates.
    package func functionCandidates(_ regex: String, strength: Int = 5, note: String, in modules: [PythonModule]? = nil)
        -> [RuleCandidate]
    {
        (modules ?? product).flatMap { m in m.functions.filter { $0.name.imatches(regex) }.map { (m, $0) } }.map {
            m, f in
            f.bodyKind == .implemented
                ? RuleCandidate(ev(m.path, f.span.start), strength: strength, note: note)
                : RuleCandidate(
                    ev(m.path, f.bodyMarkerLine ?? f.span.start), strength: 1, .stub,
                    note: "`\(f.qualifiedName)` is a placeholder")
        }
    }

    /// Whether any product module imports `module`, or a config targets it.
    package func uses(_ module: String) -> Bool {
        product.contains { imports($0, module) }
            || !entries(key: "_target_") { $0.value.hasPrefix(module + ".") }.isEmpty
    }

    /// Product command lines (shell scripts, Makefile recipes, Dockerfile RUN, CI run steps).
    package var productCommands: [ShellCommandLine] { config.commands.filter { isProductPath($0.path) } }
}

/// Value predicates shared by rules.
package enum Values {
    package static func isFalsy(_ v: String) -> Bool {
        ["false", "none", "no", "0", "\"no\"", "'no'", "null", "~", "off", "\"\"", "''"].contains(v.lowercased())
    }
    package static func floatDType(_ v: String) -> Bool {
        v.imatches(#"b?float16|bfloat16|float32|fp16|bf16|fp32|half|\bfloat\b|getattr\(\s*torch"#)
    }
}
