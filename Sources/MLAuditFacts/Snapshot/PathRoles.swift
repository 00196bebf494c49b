import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Path-based roles: vendored copies and tests. Mechanisms, not file names.
public enum PathRoles {
    package static let vendorDirs: Set<String> = [
        "third_party", "third-party", "thirdparty", "vendor", "vendored", "_vendor",
        "site-packages", "dist-packages", "extern", "external_libs",
    ]
    package static let testDirs: Set<String> = ["tests", "test", "testing", "unittests", "unit_tests"]

    public static func isVendored(_ path: String) -> Bool {
        path.split(separator: "/").dropLast().contains { vendorDirs.contains($0.lowercased()) }
    }

    public static func isTest(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        if parts.dropLast().contains(where: { testDirs.contains($0.lowercased()) }) { return true }
        guard let name = parts.last else { return false }
        if name == "conftest.py" { return true }
        if name.hasSuffix(".py") && (name.hasPrefix("test_") || name.hasSuffix("_test.py")) { return true }
        return false
    }

    /// Directories never listed: tool caches, virtualenvs, build output. (The `.git` folder is never entered.)
    package static let prunedDirs: Set<String> = [
        ".git", ".hg", ".svn", "node_modules", "__pycache__", ".mypy_cache",
        ".pytest_cache", ".ruff_cache", ".tox", ".nox", ".venv", "venv",
        ".eggs", ".ipynb_checkpoints", ".build", ".cache", ".idea", ".vscode",
        "wandb", "mlruns", ".hypothesis",
    ]

    public static func isPrunedDirectory(_ name: Substring) -> Bool {
        prunedDirs.contains(String(name)) || name.hasSuffix(".egg-info") || name.hasPrefix(".build")
    }

    public static func isPruned(_ path: String) -> Bool {
        path.split(separator: "/").dropLast().contains { isPrunedDirectory($0) }
    }
}
