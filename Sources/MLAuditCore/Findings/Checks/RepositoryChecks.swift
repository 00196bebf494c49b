import Foundation

/// Things tracked in the repository that should not be: credentials, hosted-CI pipelines, `.env` files, weights.

struct SecretInRepositoryCheck: FindingCheck {
    let code = "MLA101"
    let severity = Severity.critical
    let summary = "A credential (token, key, password) is committed in a tracked file."
    let why = "Anyone with read access to the repository or its history can use the credential; removing the line does not remove it from git history."
    let fix = "Revoke and rotate the credential, read it from the environment instead, and add a detect-secrets/gitleaks pre-commit hook."
    var triggering: [FindingExample] { [FindingExample(["train.py": "import os\nHF_TOKEN = \"\(FixtureSecrets.huggingFace)\"\n"])] }
    var clean: [FindingExample] { [FindingExample(["train.py": "import os\nHF_TOKEN = os.environ[\"HF_TOKEN\"]\n"])] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let matches = context.secrets.filter { context.facts.snapshot.file($0.path)?.isVendored == false }
        guard !matches.isEmpty else { return [] }
        // A provider-specific format (key prefix, PEM block) is near-certain; entropy or name heuristics are not.
        let heuristic = matches.filter { Self.heuristicKinds.contains($0.kind) }
        let certain = matches.filter { !Self.heuristicKinds.contains($0.kind) }
        var hits: [FindingHit] = []
        if !certain.isEmpty { hits.append(hit(certain, title: "committed secret(s)", severity: nil)) }
        if !heuristic.isEmpty { hits.append(hit(heuristic, title: "possible secret(s), heuristic match: review", severity: .high)) }
        return hits
    }

    static let heuristicKinds: Set<String> = ["high-entropy secret", "password"]

    private func hit(_ matches: [SecretMatch], title: String, severity: Severity?) -> FindingHit {
        // Evidence carries the kind only: the line itself would print the value.
        let evidence = matches.map { Evidence(path: $0.path, line: $0.line, text: "[REDACTED:\($0.kind)]") }
        let kinds = Array(Set(matches.map(\.kind))).sorted().joined(separator: ", ")
        let files = Set(matches.map(\.path)).count
        return FindingHit(title: "\(matches.count) \(title) (\(kinds)) in \(files) tracked file(s)", evidence: evidence,
                          strength: severity == nil ? .code : .configuration, severity: severity)
    }
}

/// Fixture credentials for examples and tests, assembled at run time so no literal token sits in the source.
enum FixtureSecrets {
    static var huggingFace: String { "hf" + "_" + "Qm7tZr2KpX9vLw4NcB8sJd3HfY6gTa1UeR5o" }
}

struct HostedCIFilesCheck: FindingCheck {
    let code = "MLA106"
    let severity = Severity.medium
    let summary = "Hosted-CI pipeline files are present; every push starts a billed run."
    let why = "The project's gates must run locally (pre-commit, nox/tox); hosted pipelines incur cost and duplicate or diverge from the local gates."
    let fix = "Move each pipeline step to a local gate (pre-commit hook or nox/tox session) and disable the hosted pipeline; do not add new ones."
    var triggering: [FindingExample] { [FindingExample([".github/workflows/test.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n"])] }
    var clean: [FindingExample] { [FindingExample(["noxfile.py": "import nox\n", ".github/ISSUE_TEMPLATE/bug.md": "Bug\n"])] }

    static func isHostedCI(_ path: String) -> Bool {
        let lower = path.lowercased()
        if lower.hasPrefix(".github/workflows/") && (lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")) { return true }
        if [".gitlab-ci.yml", ".travis.yml", "azure-pipelines.yml", "bitbucket-pipelines.yml", "jenkinsfile"].contains(lower) { return true }
        return lower.hasPrefix(".circleci/") || lower.hasPrefix(".buildkite/")
    }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let files = context.facts.files.filter { Self.isHostedCI($0.path) }
        guard !files.isEmpty else { return [] }
        let evidence = files.map { f -> Evidence in
            let trigger = context.firstLine(f.path) { $0.hasPrefix("on:") || $0.hasPrefix("\"on\":") || $0.hasPrefix("trigger:") } ?? 1
            return context.facts.evidence(f.path, trigger)
        }
        return [FindingHit(title: "\(files.count) hosted-CI pipeline file(s) present (\(evidence.citationSummary))",
                           evidence: evidence, strength: .configuration)]
    }
}

struct TrackedEnvFileCheck: FindingCheck {
    let code = "MLA122"
    let severity = Severity.high
    let summary = "A `.env` file (environment secrets) is part of the repository."
    let why = "`.env` files hold API keys and tracking credentials by convention; once committed they are shared with every clone."
    let fix = "Remove the file from git (`git rm --cached`), add `.env` to .gitignore and commit a `.env.example` with empty values."
    var triggering: [FindingExample] { [FindingExample([".env": "WANDB_PROJECT=demo\n", "train.py": "x = 1\n"])] }
    var clean: [FindingExample] { [FindingExample([".env.example": "WANDB_API_KEY=\n", "train.py": "x = 1\n"])] }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        let files = context.files { f in
            let name = f.name.lowercased()
            return name == ".env" || (name.hasPrefix(".env.") && !["example", "sample", "template", "dist", "defaults"].contains { name.hasSuffix($0) })
                || (name.hasSuffix(".env") && !name.hasPrefix("."))
        }
        guard !files.isEmpty else { return [] }
        return [FindingHit(title: "environment file(s) committed: \(files.map(\.path).prefix(3).joined(separator: ", "))",
                           evidence: files.map { context.facts.evidence($0.path, 1) }, strength: .configuration)]
    }
}

struct TrackedWeightsCheck: FindingCheck {
    let code = "MLA123"
    let severity = Severity.low
    let summary = "Model weights or pickles over 5 MB are committed to git without Git LFS."
    let why = "Binary weights bloat every clone and history forever, and their provenance (which code and data produced them) is lost."
    let fix = "Publish weights to a model registry or release assets (or track them with Git LFS) and record their checksum and source commit."
    static let threshold = 5 << 20
    static let extensions = ["pt", "pth", "bin", "ckpt", "safetensors", "h5", "onnx", "pkl", "pickle", "joblib", "npz", "gguf"]
    var triggering: [FindingExample] { [FindingExample(["model.ckpt": String(repeating: "w", count: Self.threshold + 10)])] }
    var clean: [FindingExample] {
        [FindingExample(["model.ckpt": String(repeating: "w", count: Self.threshold + 10), ".gitattributes": "*.ckpt filter=lfs diff=lfs merge=lfs -text\n"]),
         FindingExample(["tiny.pt": "w"])]
    }

    func evaluate(_ context: FindingContext) -> [FindingHit] {
        // .gitattributes is not an analysed kind; read it directly (a small regular file at the root).
        let attributes = SafeFileReader.text(root: context.facts.root.path, relative: ".gitattributes", limit: 1 << 20) ?? ""
        let lfs = Set(attributes.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("filter=lfs"), let pattern = line.split(separator: " ").first, pattern.hasPrefix("*.") else { return nil }
            return String(pattern.dropFirst(2)).lowercased()
        })
        let big = context.files { f in
            let ext = f.path.split(separator: ".").last.map { $0.lowercased() } ?? ""
            return f.size > Self.threshold && Self.extensions.contains(ext) && !lfs.contains(ext)
        }.sorted { $0.size > $1.size }
        guard !big.isEmpty else { return [] }
        let mb = big.reduce(0) { $0 + $1.size } >> 20
        return [FindingHit(title: "\(big.count) weight/pickle file(s), \(mb) MB, committed without LFS (largest: \(big[0].path))",
                           evidence: big.map { Evidence(path: $0.path, line: 1, text: "\($0.size >> 20) MB") }, strength: .configuration)]
    }
}
