import Foundation
import MLAuditPython

struct UnsafeYAMLLoadCheck: FindingCheck {
    let code = "MLA120"
    let severity = Severity.high
    let summary = "`yaml.load` is called without a safe Loader."
    let why = "`yaml.load` with the default/unsafe loader constructs arbitrary Python objects from tags in the file; PyYAML 6 also rejects the call without a Loader."
    let fix = "Use `yaml.safe_load` (or `Loader=yaml.SafeLoader`)."
    var triggering: [FindingExample] { [FindingExample(["cfg.py": "import yaml\ncfg = yaml.load(open(p))\n"], needsPythonReader: true)] }
    var clean: [FindingExample] { [FindingExample(["cfg.py": "import yaml\na = yaml.safe_load(open(p))\nb = yaml.load(s, Loader=yaml.SafeLoader)\n"], needsPythonReader: true)] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = context.calls(["yaml.load", "yaml.load_all"]).filter { _, c in
            let loader = c.keywordValues["Loader"] ?? (c.positionalArguments.count > 1 ? c.positionalArguments[1] : nil)
            guard let l = loader else { return true }
            return !(l.contains("Safe") || l.contains("BaseLoader"))
        }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.evidence($0.0, $0.1) }
        return [FindingHit(title: "\(sites.count) unsafe `yaml.load` call(s) (\(evidence.citationSummary))", evidence: evidence, strength: .code)]
    }
}
