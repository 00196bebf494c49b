import Foundation
import MLAuditPython

struct PlaceholderImplementationCheck: FindingCheck {
    let code = "MLA116"
    let severity = Severity.medium
    let summary = "Product code has placeholder implementations (`raise NotImplementedError`, `pass`-only bodies, placeholder messages) that are not abstract declarations."
    let why = "A placeholder on a reachable path fails (or silently does nothing) only when that path is first exercised, often deep into a run."
    let fix = "Implement the function or delete it and its callers; mark genuine interfaces `@abstractmethod` so they read as declarations."
    var triggering: [FindingExample] { [FindingExample(["model.py": "def evaluate(model):\n    raise NotImplementedError\n"], needsPythonReader: true)] }
    var clean: [FindingExample] {
        [FindingExample(["model.py": "from abc import ABC, abstractmethod\nclass Base(ABC):\n    @abstractmethod\n    def forward(self):\n        raise NotImplementedError\n"], needsPythonReader: true),
         FindingExample(["data.py": "def load(name):\n    if name == 'a':\n        return 1\n    else:\n        raise NotImplementedError\n"], needsPythonReader: true)]
    }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        // Whole-function placeholders only: a `raise NotImplementedError` in an unsupported-option branch of a
        // working function is a guard, not a placeholder.
        let sites = context.facts.stubs.filter { s in
            guard !s.declaration, s.kind != .todoComment, context.facts.snapshot.file(s.path)?.countsAsProduct == true,
                  let f = context.facts.python[s.path]?.functions.first(where: { $0.qualifiedName == s.symbol }) else { return false }
            return f.bodyKind != .implemented
        }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.facts.evidence($0.path, $0.line) }
        let symbols = sites.prefix(3).map(\.symbol).joined(separator: ", ")
        return [FindingHit(title: "\(sites.count) placeholder implementation(s) in product code (\(symbols)\(sites.count > 3 ? ", ..." : ""))",
                           evidence: evidence, strength: .code)]
    }
}
