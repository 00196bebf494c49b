import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `raise ValueError("bad shape {shape}")`, `assert ok, "step {step} failed"`, `print("loaded {path}")`: a message
/// written as an f-string without the `f`. The user reads the braces and the variable's name, never its value. Read
/// where a message goes straight to the user: the first argument of a raised exception's call, an `assert` message,
/// `print(...)`, a logging call without arguments (`logger.info(...)`, `logging.warning(...)`) and
/// `warnings.warn(...)`. Reported only when the message is plain string literals (no `.format`, `%` or `+` after
/// them), every `{...}` in the plain pieces is a replacement field naming a variable (dotted, optionally indexed, with
/// `!r` or `:spec`; no `{}`, `{0}` or `{{`), and every such variable is bound where the message is: a parameter or
/// a name the enclosing function uses, or a module-level import, definition or assignment.
package struct MissingFStringPrefixCheck: FindingCheck {
    package let code = FindingCode.mla153
    package let severity = Severity.medium
    package let summary =
        "A message with `{variable}` fields lacks the `f` prefix: the braces are printed, not the value."
    package let why =
        "Without the `f` prefix Python does not interpolate: the exception, assertion or log line shows `{shape}` literally, so the one value that would explain the failure is missing from the message."
    package let fix = "Add the `f` prefix to the string pieces that hold the fields (`f\"bad shape {shape}\"`)."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/check.py":
                        "import logging\nlogger = logging.getLogger(__name__)\n\ndef check(shape, step):\n    if not shape:\n        raise ValueError(\"bad shape {shape}\")\n    assert step > 0, (\n        f\"step {step} \"\n        \"must be positive, got {step.value!r}\"\n    )\n    logger.info(\"checked {shape}\")\n",
                    "tests/test_x.py": "def test_a(n):\n    for i in range(n):\n        assert i < n, 'example {i}'\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/check.py":
                        "import logging\nlogger = logging.getLogger(__name__)\nTEMPLATE = '{name}'\n\ndef check(shape, name):\n    raise ValueError(\"bad shape {shape}\".format(shape=shape))\n    raise ValueError(\"bad {} shape {shape}\")\n    raise ValueError(\"use {unknown} in templates\")\n    raise ValueError(\"{{shape}} and {shape}\")\n    raise ValueError(f\"bad shape {shape}\")\n    logger.info(\"shape {shape}\", shape)\n    print(\"{shape}\" % x)\n    msg = \"{shape}\"\n    print(\"{\\\"shape\\\": 1}\")\n    logger.info(\"x {shape}\", extra={'shape': 1})\n    warn(\"x {shape}\")\n"
                ], needsPythonReader: true)
        ]
    }

    package struct Site: Sendable {
        package var path: String
        /// Line of the statement (raise, assert or call).
        package var line: Int
        /// The plain string tokens holding the fields: (line, text) of each.
        package var pieces: [(line: Int, text: String)]
        package var fields: [String]

        /// The first replacement field as written (`{self.__class__}`).
        package var firstField: String {
            guard let text = pieces.first?.text, let open = text.firstIndex(of: "{"),
                let close = text[open...].firstIndex(of: "}")
            else { return "" }
            return String(text[open...close])
        }
    }

    static let logMethods: Set<String> = [
        "debug", "info", "warning", "warn", "error", "critical", "exception", "fatal",
    ]

    /// Root names of the replacement fields of a plain string literal's body, or nil when the literal is not a
    /// missing f-string: no field, a positional or empty field, escaped braces, an unbalanced brace or a field that
    /// is not a (dotted, optionally indexed) variable.
    package static func fields(_ token: PythonToken) -> [String]? {
        guard token.kind == .string else { return nil }
        let prefix = token.stringPrefix
        guard prefix == "" || prefix == "r" || prefix == "u" else { return nil }
        let text = token.text
        guard text.contains("{") else { return [] }
        if text.contains("{{") || text.contains("}}") { return nil }
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if rest[..<open].contains("}") { return nil }
            guard let close = rest[open...].firstIndex(of: "}") else { return nil }
            let field = rest[rest.index(after: open)..<close]
            guard let root = fieldRoot(field) else { return nil }
            out.append(root)
            rest = rest[rest.index(after: close)...]
        }
        if rest.contains("}") { return nil }
        return out
    }

    /// `name`, `a.b`, `x[0]`, `x!r`, `x:.3f` -> the root name; nil for anything else.
    static func fieldRoot(_ field: Substring) -> String? {
        var body = field
        if let colon = body.firstIndex(of: ":") {
            let spec = body[body.index(after: colon)...]
            guard spec.allSatisfy({ $0.isLetter || $0.isNumber || ".,<>^+-=_% #".contains($0) }) else { return nil }
            body = body[..<colon]
        }
        if body.hasSuffix("!r") || body.hasSuffix("!s") || body.hasSuffix("!a") { body = body.dropLast(2) }
        if let bracket = body.firstIndex(of: "["), body.hasSuffix("]") {
            let inner = body[body.index(after: bracket)..<body.index(before: body.endIndex)]
            guard !inner.isEmpty, inner.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                return nil
            }
            body = body[..<bracket]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty,
            parts.allSatisfy({ p in
                guard let first = p.first, first.isLetter || first == "_", first.isASCII else { return false }
                return p.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            })
        else { return nil }
        return String(parts[0])
    }

    /// The message group starting at `start` (string tokens, optionally in one pair of parentheses) when it ends at
    /// `end` exactly: the string tokens, else nil.
    static func stringGroup(_ line: PythonStatementTokens, _ start: Int, _ end: Int) -> [PythonToken]? {
        var a = start
        var b = end
        if line.isOp(a, "("), line.isOp(b - 1, ")"), line.closing(a) == b - 1 {
            a += 1
            b -= 1
        }
        guard a < b else { return nil }
        let group = Array(line.tokens[a..<b])
        return group.allSatisfy { $0.kind == .string } ? group : nil
    }

    /// Index of the first token at `depth` after `from` that is `,` or the end of the bracket at that depth.
    static func argumentEnd(_ line: PythonStatementTokens, from: Int, depth: Int) -> Int {
        var j = from
        while j < line.count {
            if line.depth[j] < depth { return j }
            if line.depth[j] == depth, line.isOp(j, ",") { return j }
            j += 1
        }
        return j
    }

    /// Message groups of one logical line: (statement line, string tokens, keyword names of the call).
    static func messages(_ line: PythonStatementTokens) -> [(line: Int, group: [PythonToken], keywords: Set<String>)] {
        var out: [(Int, [PythonToken], Set<String>)] = []
        let t = line.tokens
        for i in t.indices where t[i].kind == .name {
            if t[i].text == "assert", line.depth[i] == 0 {
                if let comma = (i + 1..<t.count).first(where: { line.depth[$0] == 0 && line.isOp($0, ",") }),
                    let group = stringGroup(line, comma + 1, t.count)
                {
                    out.append((t[i].start.line, group, []))
                }
                continue
            }
            // A call `callee(` whose first argument is the message.
            var calleeEnd = i
            var dotted = [t[i].text]
            if i > 0, line.isOp(i - 1, ".") { continue }
            while line.isOp(calleeEnd + 1, "."), calleeEnd + 2 < t.count, t[calleeEnd + 2].kind == .name {
                dotted.append(t[calleeEnd + 2].text)
                calleeEnd += 2
            }
            let open = calleeEnd + 1
            guard line.isOp(open, "("), let close = line.closing(open) else { continue }
            let raised = i > 0 && line.isName(i - 1, "raise")
            let last = dotted.last!
            let isPrint = dotted == ["print"]
            let isWarn = dotted == ["warnings", "warn"]
            let isLog =
                dotted.count >= 2 && logMethods.contains(last)
                && dotted[dotted.count - 2].lowercased().contains("log")
            guard raised || isPrint || isWarn || isLog else { continue }
            let argDepth = line.depth[open] + 1
            let end = argumentEnd(line, from: open + 1, depth: argDepth)
            guard let group = stringGroup(line, open + 1, end) else { continue }
            var keywords = Set<String>()
            var positional = 1
            var j = end
            while j < close {
                if line.isOp(j, ","), line.depth[j] == argDepth, j + 1 < close {
                    if t[j + 1].kind == .name, line.isOp(j + 2, "=") {
                        keywords.insert(t[j + 1].text)
                    } else {
                        positional += 1
                    }
                }
                j += 1
            }
            // A logging call with arguments formats them (`%` or loguru's `{}`): not a missing prefix.
            if isLog && (positional > 1 || !keywords.subtracting(["exc_info", "stack_info", "stacklevel"]).isEmpty) {
                continue
            }
            out.append((t[i].start.line, group, keywords))
        }
        return out
    }

    /// Names bound at module level (imports, top-level definitions and assignments), with the line binding each
    /// first.
    static func moduleNames(_ m: PythonModule) -> [String: Int] {
        var names: [String: Int] = [:]
        func bind(_ name: String, _ line: Int) { names[name] = min(names[name] ?? line, line) }
        for i in m.imports {
            if i.isFrom {
                for n in i.names { bind(n.alias ?? n.name, i.line) }
            } else {
                bind(i.alias ?? String(i.module.split(separator: ".").first ?? ""), i.line)
            }
        }
        for f in m.functions where f.enclosingClass == nil && !f.qualifiedName.contains(".") {
            bind(f.name, f.span.start)
        }
        for c in m.classes where !c.qualifiedName.contains(".") { bind(c.name, c.span.start) }
        for a in m.assignments where a.enclosingFunction == nil {
            let root = a.target.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !root.isEmpty { bind(String(root), a.line) }
        }
        return names
    }

    /// Sites of one file, given its module facts and logical lines.
    package static func sites(_ m: PythonModule, _ lines: [PythonStatementTokens]) -> [Site] {
        var out: [Site] = []
        var module: [String: Int]?
        for line in lines {
            for (n, group, keywords) in messages(line) {
                var roots: [String] = []
                var pieces: [(Int, String)] = []
                var valid = true
                for tok in group where !tok.isFString {
                    guard let f = fields(tok) else {
                        valid = false
                        break
                    }
                    if !f.isEmpty {
                        roots += f
                        pieces.append((tok.start.line, tok.text))
                    }
                }
                guard valid, !roots.isEmpty, keywords.isDisjoint(with: roots) else { continue }
                // Bound before the statement: in the innermost enclosing function, a parameter or a name its code
                // uses on an earlier line; else a module-level name (bound before the line at module level).
                if module == nil { module = moduleNames(m) }
                var bound = Set<String>()
                let fn = m.functions.filter { $0.span.start <= n && n <= $0.span.end }.max {
                    $0.span.start < $1.span.start
                }
                if let fn {
                    bound = Set(fn.parameters).union(module!.keys)
                    for l in lines {
                        guard let first = l.tokens.first, first.start.line < n, l.tokens.last!.end.line > fn.span.start
                        else { continue }
                        for (k, tok) in l.tokens.enumerated()
                        where tok.kind == .name && tok.start.line > fn.span.start && tok.start.line < n
                            && !l.isOp(k - 1, ".") && !(l.depth[k] > 0 && l.isOp(k + 1, "="))
                        {
                            bound.insert(tok.text)
                        }
                    }
                } else {
                    bound = Set(module!.filter { $0.value < n }.keys)
                }
                guard roots.allSatisfy(bound.contains) else { continue }
                out.append(Site(path: m.path, line: n, pieces: pieces, fields: roots))
            }
        }
        return out
    }

    package static func sites(_ context: FindingContext) -> [Site] {
        context.statementSites.missingFStringPrefix
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }.productFirst
        let example = sites.first.map { "`\($0.firstField)`" } ?? ""
        return [
            FindingHit(
                title:
                    "\(sites.count) message(s) with fields such as \(example) but no `f` prefix: the braces are shown instead of the values (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}
