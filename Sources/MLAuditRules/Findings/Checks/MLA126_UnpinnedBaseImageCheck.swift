import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct UnpinnedBaseImageCheck: FindingCheck {
    package let code = FindingCode.mla126
    package let severity = Severity.low
    package let capability: Capability? = .deployment
    package let subfeature: Subfeature? = .dockerInfra
    package let summary = "A Dockerfile builds FROM an image without a version tag or with `:latest`."
    package let why =
        "An untagged base image changes under the build: CUDA, Python and system libraries move without a code change."
    package let fix =
        "Pin the base image to a version tag (ideally a digest), e.g. `FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime`."
    package var triggering: [FindingExample] {
        [
            FindingExample(["Dockerfile": "FROM python:latest\nRUN pip install torch\n"]),
            FindingExample(["docker/Dockerfile": "FROM ubuntu\n"]),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                "Dockerfile": "FROM python:3.11-slim AS build\nFROM build\nARG BASE\nFROM ${BASE}\nFROM scratch\n"
            ])
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        for f in context.files({ $0.kind == .dockerfile }) {
            var stages: Set<String> = []
            for (i, raw) in context.facts.lines(f.path).enumerated() {
                let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard words.count >= 2, words[0].uppercased() == "FROM" else { continue }
                var args = Array(words.dropFirst())
                args.removeAll { $0.hasPrefix("--") }
                guard let image = args.first else { continue }
                if let asIndex = args.firstIndex(where: { $0.uppercased() == "AS" }), asIndex + 1 < args.count {
                    stages.insert(args[asIndex + 1].lowercased())
                }
                if image == "scratch" || image.contains("$") || stages.contains(image.lowercased())
                    || image.contains("@sha256:")
                {
                    continue
                }
                let lastPart = image.split(separator: "/").last ?? Substring(image)
                if !lastPart.contains(":") || lastPart.hasSuffix(":latest") {
                    evidence.append(context.facts.evidence(f.path, i + 1))
                }
            }
        }
        guard !evidence.isEmpty else { return [] }
        return [
            FindingHit(
                title: "unpinned container base image (\(evidence.citationSummary))", evidence: evidence,
                strength: .configuration)
        ]
    }
}
