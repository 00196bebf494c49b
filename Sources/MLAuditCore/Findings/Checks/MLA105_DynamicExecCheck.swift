import Foundation
import MLAuditPython

struct DynamicExecCheck: FindingCheck {
    let code = "MLA105"
    let severity = Severity.high
    let summary = "`exec`/`eval` run text read at run time (config files, command-line values)."
    let why = "Executing config or CLI text as Python lets any config file run code, hides typos until run time, and defeats static checking of configuration."
    let fix = "Parse configuration with a real format (YAML/TOML/dataclasses + argparse) and `ast.literal_eval` for literal values."
    var triggering: [FindingExample] { [FindingExample(["configurator.py": "import sys\nexec(open(sys.argv[1]).read())\n"], needsPythonReader: true)] }
    var clean: [FindingExample] { [FindingExample(["m.py": "import ast\nmodel.eval()\nv = ast.literal_eval(s)\n"], needsPythonReader: true)] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        for m in context.productModules {
            let shadowed = m.functions.contains { $0.enclosingClass == nil && ($0.name == "eval" || $0.name == "exec") }
            if shadowed { continue }
            for c in m.calls where (c.callee == "exec" || c.callee == "eval" || c.callee == "builtins.exec" || c.callee == "builtins.eval") {
                evidence.append(context.evidence(m, c))
            }
        }
        guard !evidence.isEmpty else { return [] }
        return [FindingHit(title: "\(evidence.count) `exec`/`eval` call(s) on dynamic text (\(evidence.citationSummary))", evidence: evidence, strength: .code)]
    }
}
