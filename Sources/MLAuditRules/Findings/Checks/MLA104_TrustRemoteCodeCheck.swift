import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct TrustRemoteCodeCheck: FindingCheck {
    package let code = FindingCode.mla104
    package let severity = Severity.high
    package let capability: Capability? = .securitySafety
    package let summary = "`trust_remote_code=True` runs Python downloaded from the model/dataset repository."
    package let why =
        "Whatever code the Hub repository holds at download time runs with your credentials; an unpinned revision can change it under you."
    package let fix =
        "Default `trust_remote_code` to False and expose it as an explicit flag; when it must be on, pin `revision=` to a reviewed commit."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "m.py":
                        "from transformers import AutoModel\nm = AutoModel.from_pretrained(name, trust_remote_code=True)\n"
                ], needsPythonReader: true),
            FindingExample(["recipes/sft.yaml": "model_name_or_path: x/y\ntrust_remote_code: true\n"]),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "m.py":
                        "from transformers import AutoModel\nm = AutoModel.from_pretrained(name, trust_remote_code=args.trust_remote_code)\n",
                    "recipes/sft.yaml": "trust_remote_code: false\n",
                ], needsPythonReader: true)
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        for m in context.productModules {
            for c in m.calls where c.keywordValues["trust_remote_code"] == "True" {
                evidence.append(context.evidence(m, c))
            }
        }
        let configEvidence = context.grep(
            { ($0.kind == .yaml || $0.kind == .json) && !$0.isTest }, containing: "trust_remote_code"
        ) { line in
            let l = line.lowercased().replacingOccurrences(of: " ", with: "")
            return l.contains("trust_remote_code:true") || l.contains("\"trust_remote_code\":true")
        }
        evidence += configEvidence
        guard !evidence.isEmpty else { return [] }
        return [
            FindingHit(
                title: "`trust_remote_code` enabled at \(evidence.count) site(s) (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }
}
