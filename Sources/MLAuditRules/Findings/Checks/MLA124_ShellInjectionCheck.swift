import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct ShellInjectionCheck: FindingCheck {
    package let code = FindingCode.mla124
    package let severity = Severity.medium
    package let capability: Capability? = .securitySafety
    package let summary = "Commands run through a shell (`shell=True`, `os.system`, `os.popen`)."
    package let why =
        "Paths and config values interpolated into a shell string can inject commands and break on spaces; failures are often ignored."
    package let fix = "Call `subprocess.run([...], check=True)` with an argument list and no shell."
    package var triggering: [FindingExample] {
        [FindingExample(["prep.py": "import os\nos.system(f'wget {url}')\n"], needsPythonReader: true)]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                ["prep.py": "import subprocess\nsubprocess.run(['wget', url], check=True)\n"], needsPythonReader: true),
            FindingExample(
                [
                    "release.py":
                        "import os, subprocess\nos.system(\"python3 -m build\")\nos.popen('git fetch --tags')\nsubprocess.run(\"make docs\", shell=True)\n"
                ], needsPythonReader: true),
        ]
    }

    /// `"git fetch --tags"`, `'pip install -U x'`: a single non-f-string literal with no `%`/`+`/`.format` after it.
    static func isFixedCommand(_ argument: String?) -> Bool {
        guard let a = argument?.trimmingCharacters(in: .whitespaces), let first = a.first else { return false }
        var body = Substring(a)
        if "rRuU".contains(first) { body = body.dropFirst() }
        guard let q = body.first, q == "\"" || q == "'" else { return false }
        let quote = body.hasPrefix(String(repeating: q, count: 3)) ? String(repeating: q, count: 3) : String(q)
        let inner = body.dropFirst(quote.count)
        guard let end = inner.range(of: quote) else { return false }
        return inner[end.upperBound...].trimmingCharacters(in: .whitespaces).isEmpty
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var sites = context.calls(["os.system", "os.popen"])
        let sub: Set<String> = [
            "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen",
        ]
        sites += context.calls(sub).filter { $0.1.keywordValues["shell"] == "True" }
        // A fixed command (one plain string literal, nothing interpolated) cannot be injected into.
        sites = sites.filter { !Self.isFixedCommand($0.1.positionalArguments.first) }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.sorted { ($0.0.path, $0.1.line) < ($1.0.path, $1.1.line) }.map {
            context.evidence($0.0, $0.1)
        }
        return [
            FindingHit(
                title: "\(sites.count) shell command(s) built from strings (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}
