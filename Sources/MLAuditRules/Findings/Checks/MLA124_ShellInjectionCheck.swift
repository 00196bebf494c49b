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
                ["prep.py": "import subprocess\nsubprocess.run(['wget', url], check=True)\n"], needsPythonReader: true)
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var sites = context.calls(["os.system", "os.popen"])
        let sub: Set<String> = [
            "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen",
        ]
        sites += context.calls(sub).filter { $0.1.keywordValues["shell"] == "True" }
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
