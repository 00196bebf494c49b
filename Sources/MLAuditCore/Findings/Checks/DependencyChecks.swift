import Foundation

/// Dependency reproducibility: pinned requirements, lock files, pinned container bases.

enum Requirements {
    /// One requirement of a requirements file: its 1-based line and whether it pins an exact version.
    struct Entry { var line: Int; var name: String; var pinned: Bool }

    static func entries(_ lines: [Substring]) -> [Entry] {
        var out: [Entry] = []
        var i = 0
        while i < lines.count {
            let start = i
            var text = String(lines[i])
            while text.hasSuffix("\\"), i + 1 < lines.count { text.removeLast(); i += 1; text += " " + lines[i] }
            i += 1
            if let hash = text.range(of: " #") ?? (text.hasPrefix("#") ? text.range(of: "#") : nil) { text = String(text[..<hash.lowerBound]) }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("-") { continue }
            let spec = trimmed.split(separator: ";", maxSplits: 1).first.map(String.init) ?? trimmed
            let name = String(spec.prefix { $0.isLetter || $0.isNumber || "-_.[]".contains($0) })
            guard !name.isEmpty else { continue }
            let pinned = spec.contains("==") || spec.contains(" @ ") || spec.contains("://") || trimmed.contains("--hash")
            out.append(Entry(line: start + 1, name: name, pinned: pinned))
        }
        return out
    }

    /// Requirements files (not pip-compile inputs, which are meant to hold ranges).
    static func files(_ context: FindingContext) -> [RepoFile] {
        context.files { $0.kind == .requirements && !$0.isTest && !$0.path.hasSuffix(".in") }
    }
}

struct UnpinnedRequirementsCheck: FindingCheck {
    let code = "MLA107"
    let severity = Severity.medium
    let summary = "Requirements files list packages without an exact `==` version."
    let why = "An unpinned requirement installs whatever is newest on the day: a training run cannot be rebuilt, and an upstream release can break it silently."
    let fix = "Pin exact versions (`pkg==X.Y.Z`), or keep ranges in requirements.in and generate a hashed lock with `pip-compile --generate-hashes`."
    var triggering: [FindingExample] { [FindingExample(["requirements.txt": "torch>=2.0\nnumpy\ntqdm==4.66.1\n"])] }
    var clean: [FindingExample] {
        [FindingExample(["requirements.txt": "# locked\ntorch==2.1.0\nnumpy==1.26.0 ; python_version >= \"3.9\"\n-r base.txt\n"]),
         FindingExample(["requirements.in": "torch>=2.0\n"])]
    }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        var total = 0
        for f in Requirements.files(context) {
            let entries = Requirements.entries(context.facts.lines(f.path))
            total += entries.count
            evidence += entries.filter { !$0.pinned }.map { context.facts.evidence(f.path, $0.line) }
        }
        guard !evidence.isEmpty else { return [] }
        return [FindingHit(title: "\(evidence.count) of \(total) requirements unpinned (\(evidence.citationSummary))",
                           evidence: evidence, strength: .configuration)]
    }
}

struct NoLockFileCheck: FindingCheck {
    let code = "MLA108"
    let severity = Severity.medium
    let summary = "No lock file pins the full dependency tree."
    let why = "Without a lock (uv.lock, poetry.lock, a hashed pip-compile output) transitive dependencies drift between installs, so results and failures are not reproducible."
    let fix = "Generate and commit a lock: `pip-compile --generate-hashes -o requirements.lock` (or `uv lock` / `poetry lock`) and install from it in gates."
    var triggering: [FindingExample] {
        [FindingExample(["pyproject.toml": "[project]\nname = \"x\"\ndependencies = [\"torch>=2\"]\n"]),
         FindingExample(["README.md": "# x\n\n```\npip install torch numpy\n```\n", "train.py": "import torch\n"])]
    }
    var clean: [FindingExample] {
        [FindingExample(["pyproject.toml": "[project]\nname = \"x\"\n", "uv.lock": "version = 1\n"]),
         FindingExample(["requirements.txt": "torch==2.1.0\nnumpy==1.26.0\n"])]
    }

    static let lockNames: Set<String> = ["poetry.lock", "uv.lock", "pdm.lock", "pipfile.lock", "conda-lock.yml", "pixi.lock"]

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let locks = context.files { f in
            let n = f.name.lowercased()
            return Self.lockNames.contains(n) || n.hasSuffix(".lock")
                || ["-lock", "_lock", ".lock", "locked"].contains { n.contains($0) } && (n.hasSuffix(".txt") || n.hasSuffix(".yml"))
        }
        if !locks.isEmpty { return [] }
        let reqs = Requirements.files(context)
        let entries = reqs.flatMap { Requirements.entries(context.facts.lines($0.path)) }
        if !entries.isEmpty && entries.allSatisfy(\.pinned) { return [] }
        let manifestNames: Set<String> = ["pyproject.toml", "setup.py", "setup.cfg", "environment.yml", "environment.yaml", "pipfile"]
        let manifests = context.files { manifestNames.contains($0.name.lowercased()) && !$0.path.contains("/") } + reqs
        if !manifests.isEmpty {
            let evidence = manifests.map { context.facts.evidence($0.path, 1) }
            return [FindingHit(title: "no lock file: dependencies come only from \(manifests.map(\.path).prefix(3).joined(separator: ", "))",
                               evidence: evidence, strength: .absence)]
        }
        guard !context.productModules.isEmpty || context.files({ $0.kind == .python }).count > 0 else { return [] }
        let pipLines = context.grep({ $0.kind == .markdown || $0.kind == .shell }) { $0.contains("pip install ") && !$0.contains("-r ") && !$0.contains(" -e ") && !$0.contains(" .") }
        return [FindingHit(title: "no dependency manifest or lock file" + (pipLines.isEmpty ? "" : ": installs are ad hoc `pip install` lines (\(pipLines.citationSummary))"),
                           evidence: pipLines, strength: .absence)]
    }
}

struct UnpinnedBaseImageCheck: FindingCheck {
    let code = "MLA126"
    let severity = Severity.low
    let summary = "A Dockerfile builds FROM an image without a version tag or with `:latest`."
    let why = "An untagged base image changes under the build: CUDA, Python and system libraries move without a code change."
    let fix = "Pin the base image to a version tag (ideally a digest), e.g. `FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime`."
    var triggering: [FindingExample] { [FindingExample(["Dockerfile": "FROM python:latest\nRUN pip install torch\n"]), FindingExample(["docker/Dockerfile": "FROM ubuntu\n"])] }
    var clean: [FindingExample] { [FindingExample(["Dockerfile": "FROM python:3.11-slim AS build\nFROM build\nARG BASE\nFROM ${BASE}\nFROM scratch\n"])] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        var evidence: [Evidence] = []
        for f in context.files({ $0.kind == .dockerfile }) {
            var stages: Set<String> = []
            for (i, raw) in context.facts.lines(f.path).enumerated() {
                let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard words.count >= 2, words[0].uppercased() == "FROM" else { continue }
                var args = Array(words.dropFirst())
                args.removeAll { $0.hasPrefix("--") }
                guard let image = args.first else { continue }
                if let asIndex = args.firstIndex(where: { $0.uppercased() == "AS" }), asIndex + 1 < args.count { stages.insert(args[asIndex + 1].lowercased()) }
                if image == "scratch" || image.contains("$") || stages.contains(image.lowercased()) || image.contains("@sha256:") { continue }
                let lastPart = image.split(separator: "/").last ?? Substring(image)
                if !lastPart.contains(":") || lastPart.hasSuffix(":latest") { evidence.append(context.facts.evidence(f.path, i + 1)) }
            }
        }
        guard !evidence.isEmpty else { return [] }
        return [FindingHit(title: "unpinned container base image (\(evidence.citationSummary))", evidence: evidence, strength: .configuration)]
    }
}
