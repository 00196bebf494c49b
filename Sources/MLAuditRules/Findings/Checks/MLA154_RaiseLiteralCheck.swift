import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `raise "torch_xla is not available"`, `raise f"bad {x}"`, `raise False`: raising something that is not an
/// exception. Python 3 raises `TypeError: exceptions must derive from BaseException` in its place, so the message
/// written there is never shown and no `except` for the intended error catches it. Read from tokens: a `raise` whose
/// expression starts with a string, number or `True`/`False` literal (a string followed by `%`, `.format(...)` or
/// `+` is still a string).
package struct RaiseLiteralCheck: FindingCheck {
    package let code = FindingCode.mla154
    package let severity = Severity.medium
    package let summary = "`raise \"message\"` raises a string, not an exception: Python raises TypeError instead."
    package let why =
        "Only exceptions can be raised: `raise \"...\"` fails with `TypeError: exceptions must derive from BaseException`, so the error message written there never reaches the user and handlers for the intended exception never run."
    package let fix =
        "Raise an exception carrying the message: `raise RuntimeError(\"...\")` (or the specific class meant)."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/attention.py":
                        "def attend(x, flash):\n    if flash:\n        if not available():\n            raise \"torch_xla is not available\"\n        raise f\"unsupported {x}\"\n    if x is None: raise 'no input %s' % x\n",
                    "pkg/data.py": "def f():\n    raise False\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/attention.py":
                        "def attend(x):\n    if not x:\n        raise ValueError(\"torch_xla is not available\")\n    raise\n\ndef g(e):\n    raise e from None\n\nraise_msg = \"raise 'x'\"\n# raise \"comment\"\n"
                ], needsPythonReader: true)
        ]
    }

    package struct Site: Sendable {
        package var path: String
        package var line: Int
        /// The raised expression's first token text (the literal).
        package var literal: String
        /// True when the raised expression is exactly one string token ending the statement.
        package var isSingleString: Bool
    }

    /// Sites of one file's logical lines.
    package static func sites(path: String, _ lines: [PythonStatementTokens]) -> [Site] {
        var out: [Site] = []
        for line in lines {
            let t = line.tokens
            for i in t.indices where line.depth[i] == 0 && line.isName(i, "raise") && i + 1 < t.count {
                // `raise` starts a statement: first token or after `:` / `;` of a compound line.
                guard i == 0 || line.isOp(i - 1, ":") || line.isOp(i - 1, ";") else { continue }
                let value = t[i + 1]
                guard value.kind == .string || value.kind == .number || ["True", "False"].contains(value.text) else {
                    continue
                }
                let single =
                    value.kind == .string && !value.text.contains("\n")
                    && (i + 2 == t.count || line.isOp(i + 2, ";"))
                out.append(Site(path: path, line: value.start.line, literal: value.text, isSingleString: single))
            }
        }
        return out
    }

    package static func sites(_ context: FindingContext) -> [Site] {
        context.statementSites.raiseLiteral
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }.productFirst
        return [
            FindingHit(
                title:
                    "\(sites.count) `raise` of a literal instead of an exception: each raises TypeError and loses its message (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}
