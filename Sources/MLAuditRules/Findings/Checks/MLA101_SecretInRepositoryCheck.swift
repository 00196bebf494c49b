import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct SecretInRepositoryCheck: FindingCheck {
    package let code = FindingCode.mla101
    package let severity = Severity.critical
    package let capability: Capability? = .securitySafety
    package let subfeature: Subfeature? = .secretsScanning
    package let summary = "A credential (token, key, password) is committed in a tracked file."
    package let why =
        "Anyone with read access to the repository or its history can use the credential; removing the line does not remove it from git history."
    package let fix =
        "Revoke and rotate the credential, read it from the environment instead, and add a detect-secrets/gitleaks pre-commit hook."
    package var triggering: [FindingExample] {
        [FindingExample(["train.py": "import os\nHF_TOKEN = \"\(FixtureSecrets.huggingFace)\"\n"])]
    }
    /// Not triggering: the environment, a validation regex for key headers, a test fixture's dummy key, a
    /// `help=` string, and a documentation example.
    package var clean: [FindingExample] {
        [
            FindingExample(["train.py": "import os\nHF_TOKEN = os.environ[\"HF_TOKEN\"]\n"]),
            FindingExample([
                "scripts/check.py": "import re\nok = re.search(r\"-----BEGIN (?:RSA )?PRIVATE KEY-----\", text)\n"
            ]),
            FindingExample([
                "tests/test_trigger.py": "KEY = \"-----BEGIN PRIVATE KEY-----\\nfixture\\n-----END PRIVATE KEY-----\"\n"
            ]),
            FindingExample([
                "tests/test_redaction.py":
                    "def test_redacts():\n    env = {\"WANDB_API_KEY\": \"wandb-value-must-not-appear\"}\n"
            ]),
            FindingExample([
                "examples/asr.py": "parser.add_argument(\"--model\", help=\"Pass: 'QuartzNet15x5Base-En'\")\n"
            ]),
        ]
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let matches = context.secrets.filter {
            context.facts.snapshot.file($0.path)?.isVendored == false && !Self.isNotACredential($0, context)
        }
        guard !matches.isEmpty else { return [] }
        // A provider-specific format (key prefix, PEM block) is near-certain; entropy or name heuristics are not.
        let heuristic = matches.filter { Self.heuristicKinds.contains($0.kind) }
        let certain = matches.filter { !Self.heuristicKinds.contains($0.kind) }
        var hits: [FindingHit] = []
        // A real-format token in a test is still a token, but one a maintainer committed on purpose (a sandboxed CI
        // account): reported, not as critical.
        let inTests = certain.filter { context.facts.snapshot.file($0.path)?.isTest == true }
        let elsewhere = certain.filter { context.facts.snapshot.file($0.path)?.isTest != true }
        if !elsewhere.isEmpty { hits.append(hit(elsewhere, title: "committed secret(s)", severity: nil)) }
        if !inTests.isEmpty {
            hits.append(
                hit(
                    inTests, title: "credential-format string(s) committed in tests: confirm they are sandbox-only",
                    severity: .medium))
        }
        if !heuristic.isEmpty {
            hits.append(hit(heuristic, title: "possible secret(s), heuristic match: review", severity: .high))
        }
        return hits
    }

    package static let heuristicKinds: Set<String> = ["high-entropy secret", "password"]

    /// What a reviewer dismisses at a glance: a regex literal (a key-header validator), a fixture or dummy value in
    /// a test, a `help=` text, a comment or prose line, and heuristic matches in documentation or tests.
    static func isNotACredential(_ m: SecretMatch, _ context: FindingContext) -> Bool {
        let lines = context.facts.lines(m.path)
        guard m.line >= 1 && m.line <= lines.count else { return false }
        let line = lines[m.line - 1]
        let lower = line.lowercased()
        let file = context.facts.snapshot.file(m.path)
        let isTest = file?.isTest == true || m.path.lowercased().contains("fixture")
        if ["re.search(", "re.match(", "re.compile(", "re.fullmatch(", "re.findall(", "re.sub("].contains(
            where: line.contains)
        {
            return true
        }
        if line.contains("help=") || line.contains("help =") { return true }
        // A heuristic match on a line with no string literal is a name bound to a name (`self.key = key`).
        if heuristicKinds.contains(m.kind) && !line.contains("\"") && !line.contains("'") { return true }
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        // A doctest example in a docstring (`>>> pipe.load_textual_inversion("EasyNegative", token="EasyNegative")`).
        if heuristicKinds.contains(m.kind) && (trimmed.hasPrefix(">>>") || trimmed.hasPrefix("...")) { return true }
        if trimmed.hasPrefix("#") || trimmed.hasPrefix("//") { return heuristicKinds.contains(m.kind) }
        if isTest
            && ["fixture", "dummy", "fake", "example", "must-not", "must_not", "placeholder", "not-a-real", "test"]
                .contains(where: lower.contains)
        {
            return true
        }
        if heuristicKinds.contains(m.kind)
            && (isTest || file?.kind == .markdown || m.path.lowercased().hasPrefix("docs/"))
        {
            return true
        }
        return false
    }

    private func hit(_ matches: [SecretMatch], title: String, severity: Severity?) -> FindingHit {
        // Evidence carries the kind only: the line itself would print the value.
        let evidence = matches.map { Evidence(path: $0.path, line: $0.line, text: "[REDACTED:\($0.kind)]") }
        let kinds = Array(Set(matches.map(\.kind))).sorted().joined(separator: ", ")
        let files = Set(matches.map(\.path)).count
        return FindingHit(
            title: "\(matches.count) \(title) (\(kinds)) in \(files) tracked file(s)", evidence: evidence,
            strength: severity == nil ? .code : .configuration, severity: severity)
    }
}
