import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct NoTestsCheck: FindingCheck {
    package let code = FindingCode.mla112
    package let severity = Severity.high
    package let capability: Capability? = .internalCITest
    package let subfeature: Subfeature? = .pytestTargets
    package let summary = "The repository has Python code but no test files."
    package let why =
        "Without tests nothing catches a broken data pipeline, model shape change or checkpoint format change before a long training run does."
    package let fix =
        "Add a pytest suite under tests/ with a smoke test per entry point (tiny model forward/backward, one data batch, checkpoint round trip)."
    package var triggering: [FindingExample] {
        [FindingExample(["train.py": "import torch\n", "model.py": "class M: pass\n"])]
    }
    package var clean: [FindingExample] {
        [FindingExample(["train.py": "import torch\n", "tests/test_train.py": "def test_x():\n    assert 1\n"])]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let product = context.files { $0.kind == .python && !$0.isTest }
        guard !product.isEmpty, QualityGates.testFiles(context).isEmpty else { return [] }
        return [
            FindingHit(
                title: "no tests: \(product.count) Python file(s) and not one test_*.py", evidence: [],
                strength: .absence)
        ]
    }
}
