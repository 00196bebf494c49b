import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `parser.add_argument("--flag", type=bool)`: argparse calls `bool(text)`, and every non-empty string is true, so
/// `--flag False` and `--flag 0` turn the option on. Only `add_argument` calls without an `action` (an action such as
/// `BooleanOptionalAction` or `store_true` consumes no value, so `type` is never applied), in product code.
package struct ArgparseTypeBoolCheck: FindingCheck {
    package let code = FindingCode.mla135
    package let severity = Severity.medium
    package let capability: Capability? = .configurationManagement
    package let summary = "A command-line option is declared `type=bool`, so `--flag False` sets it to True."
    package let why =
        "argparse converts the value with `bool(text)`; every non-empty string, \"False\" and \"0\" included, is True, so a run launched with `--flag False` silently runs with the option on."
    package let fix =
        "Convert with a string-to-bool function (`type=str2bool`, accepting true/false/1/0/yes/no), or make it a flag with `action=\"store_true\"` or `argparse.BooleanOptionalAction`."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "train.py":
                        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--fp16', type=bool, default=False)\ng = p.add_argument_group('x')\ng.add_argument(\n    '--resume',\n    type=bool,\n    help='resume')\n"
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "train.py":
                        "import argparse\ndef str2bool(v):\n    return v.lower() in ('1', 'true')\np = argparse.ArgumentParser()\np.add_argument('--fp16', type=str2bool, default=False)\np.add_argument('--ema', action=argparse.BooleanOptionalAction, type=bool, default=False)\np.add_argument('--amp', action='store_true')\nmask = np.zeros(3, dtype=bool)\nx = dict(type=bool)\n",
                    "tests/test_cli.py": "p.add_argument('--x', type=bool)\n",
                ], needsPythonReader: true)
        ]
    }

    static let typeBool = try! NSRegularExpression(pattern: #"\btype\s*=\s*bool\b"#)

    /// The lines (1-based) that say `type=bool` in an `add_argument` call without an `action`, per product file.
    /// Taken once per audit: the check and its diff (MLD222) both ask.
    package static func sites(_ context: FindingContext) -> [Evidence] {
        context.facts.memo("MLA135.sites") { computeSites(context) }
    }

    private static func computeSites(_ context: FindingContext) -> [Evidence] {
        var out: [Evidence] = []
        for (m, call) in ArgparseCalls.sites(context) where call.keywordValues["type"] == "bool" {
            guard !call.keywords.contains("action"), !call.keywords.contains("**") else { continue }
            let lines = context.facts.lines(m.path)
            guard let n = ArgparseCalls.line(of: typeBool, from: call.line, in: lines) else { continue }
            out.append(context.facts.evidence(m.path, n))
        }
        return out
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let evidence = Self.sites(context).productFirst
        guard !evidence.isEmpty else { return [] }
        return [
            FindingHit(
                title:
                    "\(evidence.count) command-line option(s) declared `type=bool`: `--flag False` turns them on (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}
