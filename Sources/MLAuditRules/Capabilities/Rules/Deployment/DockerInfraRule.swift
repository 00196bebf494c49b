import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct DockerInfraRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .dockerInfra,
        summary: "Any Dockerfile, compose file or devcontainer definition.",
        rationale: "A container pins the CUDA/system stack that pip cannot, making runs portable.",
        triggering: [
            RuleExample([
                "Dockerfile":
                    "FROM pytorch/pytorch:2.1.0-cuda12.1-cudnn8-runtime\nRUN pip install -r requirements.txt\n"
            ]),
            RuleExample([
                ".devcontainer/devcontainer.json": "{\"image\": \"mcr.microsoft.com/devcontainers/python:3.11\"}\n"
            ]),
        ],
        nonTriggering: [RuleExample(["README.md": "You can run this in Docker.\n"], .absent)],
        stubTerms: "",
        searches: RuleSearch(
            names: [], files: ["Dockerfile*", "*.dockerfile", "docker-compose*.yml", "compose*.yaml", ".devcontainer/"]),
        gap: "no Dockerfile, compose file or devcontainer",
        risk: "The CUDA/driver/system stack is undocumented, so results depend on each machine.",
        patch:
            "Add a `Dockerfile` from a pinned `pytorch/pytorch:<version>-cuda` image that installs the locked requirements, plus a `docker build` line in the README.",
        deferral: Deferral(
            .medium, why: "an image to maintain and pin",
            plan: "add a CPU Dockerfile pinned by digest that installs the lock file and runs the smoke tests"))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        ctx.facts.files.filter { f in
            ctx.isProductPath(f.path)
                && (f.kind == .dockerfile || f.kind == .compose || f.path.hasSuffix("devcontainer.json"))
        }.map { f in
            let lines = ctx.facts.lines(f.path)
            let from = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).uppercased().hasPrefix("FROM ") }
            return RuleCandidate(
                ctx.ev(f.path, from.map { $0 + 1 } ?? ctx.firstLine(f.path)), strength: f.kind == .dockerfile ? 8 : 6,
                note: "container definition")
        }
    }
}
