import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// HF/TRL trainer classes the repository constructs (names ending in "Trainer" called with model=/args=).
extension RuleContext {
    package var frameworkTrainerCalls: [(module: PythonModule, call: PythonCall)] {
        calls { c in
            let n = c.callee.lastComponent
            return n.hasSuffix("Trainer") && n != "Trainer"
                ? (c.keywords.contains("model") || c.keywords.contains("args") || c.keywords.contains("train_dataset"))
                : n == "Trainer"
                    && (c.keywords.contains("model") || c.keywords.contains("args") || c.keywords.contains("max_epochs")
                        || c.keywords.contains("callbacks"))
        }
    }
}
