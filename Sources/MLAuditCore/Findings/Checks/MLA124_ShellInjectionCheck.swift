import Foundation
import MLAuditPython

struct ShellInjectionCheck: FindingCheck {
    let code = "MLA124"
    let severity = Severity.medium
    let summary = "Commands run through a shell (`shell=True`, `os.system`, `os.popen`)."
    let why = "Paths and config values interpolated into a shell string can inject commands and break on spaces; failures are often ignored."
    let fix = "Call `subprocess.run([...], check=True)` with an argument list and no shell."
    var triggering: [FindingExample] { [FindingExample(["prep.py": "import os\nos.system(f'wget {url}')\n"], needsPythonReader: true)] }
    var clean: [FindingExample] { [FindingExample(["prep.py": "import subprocess\nsubprocess.run(['wget', url], check=True)\n"], needsPythonReader: true)] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        var sites = context.calls(["os.system", "os.popen"])
        let sub: Set<String> = ["subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen"]
        sites += context.calls(sub).filter { $0.1.keywordValues["shell"] == "True" }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.sorted { ($0.0.path, $0.1.line) < ($1.0.path, $1.1.line) }.map { context.evidence($0.0, $0.1) }
        return [FindingHit(title: "\(sites.count) shell command(s) built from strings (\(evidence.citationSummary))", evidence: evidence, strength: .code)]
    }
}
