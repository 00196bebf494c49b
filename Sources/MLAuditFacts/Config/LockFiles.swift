import MLAuditKit

/// The one definition of a dependency lock file, used by the capability rule (CAP-SEC-01), the finding (MLA108) and
/// the reproducibility checklist, so the three cannot disagree about whether a repository is locked.
package enum LockFiles {
    /// Exact file names (compared lower-cased).
    package static let names: Set<String> = [
        "poetry.lock", "uv.lock", "pipfile.lock", "pdm.lock", "pixi.lock", "conda-lock.yml", "conda-lock.yaml",
        "requirements.lock", "pylock.toml",
    ]

    /// True for a lock file's name: an exact name above, a PEP 751 `pylock.<name>.toml`, a conda-lock file, or a
    /// compiled requirements file (`requirements*.lock`, `requirements-lock.txt`, `requirements.locked.txt`, ...).
    package static func isLockFile(_ name: some StringProtocol) -> Bool {
        let n = name.lowercased()
        if names.contains(n) { return true }
        if n.hasPrefix("pylock.") && n.hasSuffix(".toml") { return true }
        if n.fastContains("conda-lock") && (n.hasSuffix(".yml") || n.hasSuffix(".yaml")) { return true }
        let requirementsLike = n.fastContains("requirements") || n.fastContains("constraints")
        if requirementsLike && n.hasSuffix(".lock") { return true }
        if requirementsLike && n.hasSuffix(".txt")
            && ["-lock", "_lock", ".lock", "locked"].contains(where: { n.fastContains($0) })
        {
            return true
        }
        return false
    }
}
