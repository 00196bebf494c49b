import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Candidates from the framework knowledge files (`FrameworkKnowledge`) for one sub-feature.
///
/// - A call counts only in a module that imports the framework.
/// - A config key or flag counts only in a repository that imports the framework or declares it as a dependency.
/// - A value counts only when it turns the feature on (`FrameworkEntry.enabled`). A value that is a variable is
///   weaker evidence (it may be off); a parameter passed straight through (`x=x`) is not evidence at all.
/// - Config linked to code: a command-line flag the defining module reads back (`args.flag`) is stronger than
///   one nothing reads.
extension RuleContext {
    func frameworkCandidates(subfeature: Subfeature, specs: [FrameworkSpec] = FrameworkKnowledge.all) -> [RuleCandidate]
    {
        var out: [RuleCandidate] = []
        for spec in specs {
            let entries = spec.entries.filter { $0.subfeature == subfeature }
            guard !entries.isEmpty else { continue }
            for e in entries {
                switch e.kind {
                case .call: out += frameworkCalls(e, spec)
                case .configKey: if frameworkInRepository(spec) { out += frameworkConfigKeys(e, spec) }
                case .cliFlag: if frameworkInRepository(spec) { out += frameworkFlags(e, spec) }
                }
            }
        }
        return out
    }

    /// Whether `m` imports one of the framework's modules (or a submodule).
    func importsFramework(_ m: PythonModule, _ spec: FrameworkSpec) -> Bool {
        spec.detect.imports.contains { imports(m, $0) }
    }

    /// Whether any product module imports the framework or a requirement declares one of its packages.
    func frameworkInRepository(_ spec: FrameworkSpec) -> Bool {
        frameworkPresence.value(spec.framework) {
            let packages = Set(spec.detect.packages.map { $0.lowercased().replacingOccurrences(of: "_", with: "-") })
            let declared = config.requirements.contains {
                packages.contains($0.name.lowercased().replacingOccurrences(of: "_", with: "-"))
            }
            return declared || product.contains { importsFramework($0, spec) }
        }
    }

    private func frameworkNote(_ e: FrameworkEntry, _ spec: FrameworkSpec) -> String {
        "\(spec.framework): \(e.note) (\(e.doc))"
    }

    private func frameworkCalls(_ e: FrameworkEntry, _ spec: FrameworkSpec) -> [RuleCandidate] {
        callsNamed(Set(e.names)).compactMap { m, c -> RuleCandidate? in
            guard importsFramework(m, spec) else { return nil }
            if let r = e.receiver {
                let recv = c.callee.split(separator: ".").dropLast().joined(separator: ".")
                guard recv.range(of: r, options: [.regularExpression, .caseInsensitive]) != nil else { return nil }
            }
            let note = frameworkNote(e, spec)
            if let k = e.keyword {
                guard let v = c.keywordValues[k] else { return nil }
                let line = keywordLine(m.path, c, k)
                return judged(value: v, name: k, e, evidence: ev(m.path, line), call: (m, c), note: note)
            }
            if let i = e.argument {
                guard i < c.positionalArguments.count else { return nil }
                return judged(
                    value: c.positionalArguments[i], name: "argument \(i + 1)", e, evidence: ev(m.path, c.line),
                    call: (m, c), note: note)
            }
            return candidate(m, c, strength: 6, note: note)
        }
    }

    /// A value judged against the entry: literal on -> accepted (6); literal off -> rejected; a variable -> weak
    /// (3); the parameter of the same name passed through -> rejected.
    private func judged(
        value raw: String, name: String, _ e: FrameworkEntry, evidence: Evidence,
        call: (PythonModule, PythonCall)?, note: String
    ) -> RuleCandidate {
        let v = raw.trimmingCharacters(in: .whitespaces)
        let unquoted = v.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        let isLiteral =
            v.hasPrefix("'") || v.hasPrefix("\"") || Double(v) != nil
            || ["true", "false", "none", "null"].contains(v.lowercased())
        if !isLiteral, v.range(of: #"^[A-Za-z_][\w.]*$"#, options: .regularExpression) != nil {
            // `x=x` / `x=self.x`: a function's own parameter handed on; `x=args.x` is a user's choice (weak)
            if [name, "self." + name].contains(v) || (e.keyword.map { [$0, "self." + $0].contains(v) } ?? false) {
                return RuleCandidate(
                    evidence, strength: 1,
                    .rejected("`\(name)=\(v)` passes a parameter through; the value is decided elsewhere"), note: note)
            }
            return RuleCandidate(evidence, strength: 3, note: note + "; value from `\(v)`")
        }
        if Self.enables(unquoted, e.enabled) {
            if let (m, c) = call {
                var r = candidate(m, c, strength: 6, note: note)
                r.evidence = evidence
                return r
            }
            return RuleCandidate(evidence, strength: 6, note: note)
        }
        return RuleCandidate(evidence, strength: 1, .rejected("`\(name)=\(v)` does not turn it on"), note: note)
    }

    static func enables(_ value: String, _ rule: String?) -> Bool {
        guard let rule else { return true }
        if rule == "truthy" { return !Values.isFalsy(value) && !value.isEmpty && value != "0" }
        return value.range(of: rule, options: [.regularExpression, .caseInsensitive]) != nil
    }

    private func frameworkConfigKeys(_ e: FrameworkEntry, _ spec: FrameworkSpec) -> [RuleCandidate] {
        let note = frameworkNote(e, spec)
        var out: [RuleCandidate] = []
        for name in e.names {
            for entry in entries(key: name) {
                if let p = e.parent {
                    let parts = entry.keyPath.split(separator: ".").map(String.init)
                    guard parts.count >= 2, parts[parts.count - 2].lowercased() == p.lowercased() else { continue }
                }
                guard !entry.value.isEmpty else { continue }
                out.append(
                    Self.enables(entry.value, e.enabled)
                        ? candidate(entry, strength: 5, note: note)
                        : RuleCandidate(
                            ev(entry.path, entry.line), strength: 1,
                            .rejected("`\(entry.key): \(entry.value)` does not turn it on"), note: note))
            }
            // dataclass field defaults (`save_total_limit: int = 3` in a @dataclass)
            guard e.parent == nil else { continue }
            // from the target postings (a target equal to `name` has `name` as its last component), in product order
            let named = (code.assignmentTargetLeaves[name.lastComponent] ?? []).map { code.assignment($0) }
            for (m, a) in named where a.target == name && a.enclosingFunction == nil {
                guard
                    m.classes.contains(where: {
                        $0.span.start < a.line && a.line <= $0.span.end
                            && $0.decorators.contains { $0.lastComponent == "dataclass" }
                    })
                else { continue }
                var value = a.valueText
                if value.hasPrefix("field("),
                    let r = value.range(of: #"default\s*=\s*[^,)]+"#, options: .regularExpression)
                {
                    value = String(value[r]).replacingOccurrences(
                        of: #"default\s*=\s*"#, with: "", options: .regularExpression)
                }
                out.append(
                    judged(
                        value: value, name: name, e, evidence: ev(m.path, a.line), call: nil,
                        note: note + "; dataclass default"))
            }
        }
        return out
    }

    private func frameworkFlags(_ e: FrameworkEntry, _ spec: FrameworkSpec) -> [RuleCandidate] {
        let note = frameworkNote(e, spec)
        let wanted = Set(e.names.map { $0.replacingOccurrences(of: "-", with: "_") })
        var out: [RuleCandidate] = []
        for (m, c, flag, name) in argumentFlags where wanted.contains(name) {
            // a store_true flag turns the feature on when given; a valued flag needs a default that turns it on,
            // or a read of the value (the option is consumed, the user turns it on)
            let action = c.keywordValues["action"] ?? ""
            let read = readsAttribute(name, in: m, besides: c.line)
            var r = candidate(
                m, c, strength: read ? 5 : 3,
                note: note + (read ? "; flag read at run time" : "; flag defined, no read found"))
            if action.contains("store_false") {
                r.verdict = .rejected("`\(flag)` turns the feature off")
                r.strength = 1
            } else if let d = c.keywordValues["default"], !action.contains("store_true"),
                Self.enables(d.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")), e.enabled) == false,
                !read, !Values.isFalsy(d)
            {
                r.verdict = .rejected("`\(flag)` defaults to `\(d)`, which does not turn it on, and nothing reads it")
                r.strength = 1
            }
            out.append(r)
        }
        return out
    }

    /// Every product `add_argument` call with a `--flag` as a positional argument, with that flag as written and its
    /// name (quotes and dashes trimmed, inner dashes read as `_`), in product order.
    static func argumentFlags(_ calls: [(module: PythonModule, call: PythonCall)]) -> [(
        module: PythonModule, call: PythonCall, flag: String, name: String
    )] {
        calls.compactMap { m, c in
            guard let flag = c.positionalArguments.first(where: { $0.hasPrefix("\"--") || $0.hasPrefix("'--") }) else {
                return nil
            }
            let name = flag.trimmingCharacters(in: CharacterSet(charactersIn: "'\"-")).replacingOccurrences(
                of: "-", with: "_")
            return (m, c, flag, name)
        }
    }

    /// For an ASCII `line`: whether the first occurrence of `needle` (ASCII) is followed by the end of the line or by
    /// a character that is no letter, digit or `_` (false when there is none); nil for a line with a non-ASCII byte
    /// (the Character reading decides).
    static func firstOccurrenceIsRead(_ needle: [UInt8], in line: Substring) -> Bool? {
        line.utf8.withContiguousStorageIfAvailable { b -> Bool? in
            for x in b where x >= 0x80 { return nil }
            guard !needle.isEmpty, b.count >= needle.count else { return false }
            var i = 0
            while i + needle.count <= b.count {
                var k = 0
                while k < needle.count && b[i + k] == needle[k] { k += 1 }
                if k == needle.count {
                    let j = i + needle.count
                    guard j < b.count else { return true }
                    let c = b[j]
                    let word =
                        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
                    return !word
                }
                i += 1
            }
            return false
        } ?? nil
    }

    /// Whether module `m` reads `.name` somewhere other than `line` (`args.name`, `cfg.name`).
    func readsAttribute(_ name: String, in m: PythonModule, besides line: Int) -> Bool {
        let lines = facts.lines(m.path)
        let needle = "." + name
        let bytes = Array(needle.utf8)
        let asciiNeedle = bytes.allSatisfy { $0 < 0x80 }
        for (i, l) in lines.enumerated() where i + 1 != line {
            // an ASCII line is read on its bytes (a module with hundreds of flags asked this of every line)
            if asciiNeedle, let read = Self.firstOccurrenceIsRead(bytes, in: l) {
                if read { return true }
                continue
            }
            guard l.contains(needle) else { continue }
            if let r = l.range(of: needle) {
                let after = l[r.upperBound...].first
                if after == nil || !(after!.isLetter || after!.isNumber || after! == "_") { return true }
            }
        }
        return false
    }
}
