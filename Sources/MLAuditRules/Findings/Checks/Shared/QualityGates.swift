import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package enum QualityGates {
    package static func testFiles(_ context: FindingContext) -> [RepoFile] {
        context.facts.files.filter {
            $0.isTest && !$0.isVendored && $0.kind == .python
                && ($0.name.hasPrefix("test_") || $0.name.hasSuffix("_test.py"))
        }
    }

    /// Config-like files where gates and tool settings live.
    package static func isToolConfig(_ f: RepoFile) -> Bool {
        let n = f.name.lowercased()
        return [
            "pyproject.toml", "setup.cfg", ".coveragerc", "tox.ini", "pytest.ini", "noxfile.py", "makefile", "justfile",
            ".pre-commit-config.yaml", ".pre-commit-config.yml", ".gitleaks.toml", ".secrets.baseline", ".bandit",
            "codecov.yml",
        ].contains(n)
            || f.kind == .shell || f.kind == .makefile
    }

    package static let localGateNames: Set<String> = [
        "tox.ini", "noxfile.py", ".pre-commit-config.yaml", ".pre-commit-config.yml", "makefile", "justfile",
    ]
}
