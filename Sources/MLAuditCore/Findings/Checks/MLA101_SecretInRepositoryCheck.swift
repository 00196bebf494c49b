import Foundation

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
