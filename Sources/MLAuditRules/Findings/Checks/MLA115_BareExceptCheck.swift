import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct BareExceptCheck: FindingCheck {
    package let code = FindingCode.mla115
    package let severity = Severity.medium
    package let summary = "Bare `except:` clauses swallow every error, including KeyboardInterrupt and CUDA OOM."
    package let why =
        "A bare except around training or data loading hides crashes as silently wrong results (skipped batches, default values) and blocks Ctrl-C."
    package let fix =
        "Catch the specific exception (`except FileNotFoundError:`), log it, and re-raise what you cannot handle."
    package var triggering: [FindingExample] {
        [FindingExample(["train.py": "try:\n    loss.backward()\nexcept:\n    pass\n"])]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                "train.py": "try:\n    loss.backward()\nexcept RuntimeError as e:\n    raise\n# except: never\n"
            ])
        ]
    }

    /// `except:` lines in product Python (tests and vendored code excluded); the MLA115 diff fixes exactly these.
    package static func sites(_ context: FindingContext) -> [Evidence] {
        context.grep({
            $0.kind == .python && !$0.isTest
                && (context.contains($0.path, "except:") || context.contains($0.path, "except :"))
        }) { line in
            let t = line.drop { $0 == " " || $0 == "\t" }
            guard t.hasPrefix("except") else { return false }
            return t.dropFirst(6).drop { $0 == " " }.hasPrefix(":")
        }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let evidence = Self.sites(context)
        guard !evidence.isEmpty else { return [] }
        let training = Set(context.trainingModules.map(\.path))
        let inTraining = evidence.filter { training.contains($0.path) }.count
        return [
            FindingHit(
                title: "\(evidence.count) bare `except:` clause(s)"
                    + (inTraining > 0 ? ", \(inTraining) in training code" : "") + " (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}
