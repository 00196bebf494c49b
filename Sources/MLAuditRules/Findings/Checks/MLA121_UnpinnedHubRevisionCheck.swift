import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct UnpinnedHubRevisionCheck: FindingCheck {
    package let code = FindingCode.mla121
    package let severity = Severity.medium
    package let capability: Capability? = .securitySafety
    package let summary = "Models or datasets are pulled from the Hub by name without a pinned `revision=`."
    package let why =
        "A Hub repository's main branch can be rewritten: the same code then trains or evaluates on different weights or data."
    package let fix =
        "Pass `revision=\"<commit sha>\"` (from the Hub's history) to `from_pretrained` / `load_dataset` / `hf_hub_download`, or make it a config value."
    package static let loaders: Set<String> = [
        "from_pretrained", "load_dataset", "hf_hub_download", "snapshot_download",
    ]
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "m.py":
                        "from transformers import AutoModel\nm = AutoModel.from_pretrained(\"meta-llama/Llama-2-7b-hf\")\n"
                ], needsPythonReader: true),
            FindingExample(["recipes/sft.yaml": "model_name_or_path: org/model\nmodel_revision: main\n"]),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    "m.py":
                        "from transformers import AutoModel\nm = AutoModel.from_pretrained(\"org/model\", revision=\"3f2a\")\nn = AutoModel.from_pretrained(\"./local/ckpt\")\n",
                    "recipes/sft.yaml": "model_name_or_path: org/model\nmodel_revision: 9b1c2d3\n",
                ], needsPythonReader: true)
        ]
    }

    /// `"owner/name"` as a string literal (not a relative or absolute path).
    package static func isHubID(_ text: String) -> Bool {
        guard text.count > 4, let q = text.first, q == "\"" || q == "'", text.last == q else { return false }
        let inner = text.dropFirst().dropLast()
        let parts = inner.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty }), !inner.hasPrefix("."), !inner.contains(" "),
            !inner.contains("{")
        else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = context.methodCalls(Self.loaders).filter { _, c in
            guard
                let first = c.positionalArguments.first ?? c.keywordValues["pretrained_model_name_or_path"]
                    ?? c.keywordValues["path"] ?? c.keywordValues["repo_id"]
            else { return false }
            return Self.isHubID(first) && !c.keywords.contains("revision")
        }
        let evidence = sites.map { context.evidence($0.0, $0.1) } + Self.configSites(context)
        guard !evidence.isEmpty else { return [] }
        return [
            FindingHit(
                title:
                    "\(evidence.count) Hub model/dataset reference(s) without a pinned revision (\(evidence.citationSummary))",
                evidence: evidence, strength: .code)
        ]
    }

    /// Training configs (YAML) naming a Hub model with no revision, or with a branch (`main`) as the revision.
    package static func configSites(_ context: FindingContext) -> [Evidence] {
        var out: [Evidence] = []
        for f in context.files({ $0.kind == .yaml && !$0.isTest }) where context.contains(f.path, "model_name_or_path")
        {
            let lines = context.facts.lines(f.path)
            var modelLine: Int?
            var revision: (Int, String)?
            for (i, raw) in lines.enumerated() where !raw.hasPrefix(" ") && !raw.hasPrefix("#") {
                let parts = raw.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else { continue }
                let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                if parts[0] == "model_name_or_path" && isHubID("\"" + value + "\"") { modelLine = i + 1 }
                if parts[0] == "model_revision" || parts[0] == "revision" { revision = (i + 1, value) }
            }
            guard let m = modelLine else { continue }
            if let (line, value) = revision {
                if ["main", "master", ""].contains(value) { out.append(context.facts.evidence(f.path, line)) }
            } else {
                out.append(context.facts.evidence(f.path, m))
            }
        }
        return out
    }
}
