import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `add_argument("--fuse", action="store_true", default=True)`: the flag can only set what is already the default, so
/// the option can never be turned off from the command line (and the `store_false` / `default=False` twin can never be
/// turned on). Only literal `True` / `False` defaults, in product code.
package struct InertFlagDefaultCheck: FindingCheck {
    package let code = FindingCode.mla138
    package let severity = Severity.medium
    package let capability: Capability? = .configurationManagement
    package let summary =
        "A `store_true` flag defaults to True (or a `store_false` flag to False): the option cannot be changed."
    package let why =
        "Passing the flag sets the value it already has, and no other spelling changes it: the behaviour the help text offers to switch can never be switched, and a user who omits the flag still gets it."
    package let fix =
        "Use `action=argparse.BooleanOptionalAction` (adds `--no-<flag>`, Python 3.9+), or add a `--no-<flag>` option with `action=\"store_false\"` and the same `dest`, or drop the default."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "args.py":
                        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--fuse', action='store_true', default=True, help='fuse')\np.add_argument(\n    '--no-cache',\n    default=False,\n    action=\"store_false\")\n"
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "args.py":
                        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--fuse', action='store_true')\np.add_argument('--cache', action='store_false', default=True)\np.add_argument('--x', action='store_true', default=False)\np.add_argument('--y', action=argparse.BooleanOptionalAction, default=True)\np.add_argument('--z', action='store_true', default=DEFAULT)\n"
                ], needsPythonReader: true)
        ]
    }

    static let actionPattern = try! NSRegularExpression(pattern: #"store_(true|false)"#)

    /// The `store_true`/`store_false` lines of flags whose default is the value the flag stores.
    package static func sites(_ context: FindingContext) -> [(PythonModule, PythonCall, line: Int)] {
        var out: [(PythonModule, PythonCall, line: Int)] = []
        for (m, call) in ArgparseCalls.sites(context) {
            guard let action = ArgparseCalls.unquoted(call.keywordValues["action"]),
                let value = call.keywordValues["default"]?.trimmingCharacters(in: .whitespaces)
            else { continue }
            guard (action == "store_true" && value == "True") || (action == "store_false" && value == "False") else {
                continue
            }
            let lines = context.facts.lines(m.path)
            let n = ArgparseCalls.line(of: actionPattern, from: call.line, in: lines) ?? call.line
            out.append((m, call, n))
        }
        return out
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.0.path, $0.line) }.productFirst
        var names: [String] = []
        let ordered = sites.sorted {
            let a = FindingRelevance.isPeripheral($0.0.path)
            let b = FindingRelevance.isPeripheral($1.0.path)
            return a != b ? !a : ($0.0.path, $0.line) < ($1.0.path, $1.line)
        }
        for s in ordered where !names.contains("`\(ArgparseCalls.optionName(s.1))`") {
            names.append("`\(ArgparseCalls.optionName(s.1))`")
        }
        return [
            FindingHit(
                title:
                    "\(sites.count) command-line flag(s) default to the value they store and cannot be turned off (\(names.prefix(3).joined(separator: ", "))) (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}
