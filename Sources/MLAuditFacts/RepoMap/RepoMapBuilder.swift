import MLAuditKit
import MLAuditPython
import MLAuditReport

/// The Repo Map section: top-level directories, key files, recent changes.
package enum RepoMapBuilder {
    package static func build(facts: RepositoryFacts) -> RepoMap {
        var counts: [String: Int] = [:]
        var rootFiles = 0
        for f in facts.files {
            if let slash = f.path.firstIndex(of: "/") {
                counts[String(f.path[..<slash]), default: 0] += 1
            } else {
                rootFiles += 1
            }
        }
        let dirs = counts.map { DirectoryCount(path: $0.key, files: $0.value) }.sorted { $0.path < $1.path }
        return RepoMap(
            directories: dirs, rootFileCount: rootFiles, keyFiles: keyFiles(facts),
            recentChanges: facts.git.recentCommits, totalFiles: facts.files.count,
            pythonFiles: facts.files.filter { $0.kind == .python }.count, skippedFiles: facts.snapshot.skipped)
    }

    /// Files that say how the repository is built, run, configured and checked, found by role, not by a list of names:
    /// docs at the root, package and dependency manifests, containers, local gates, and runnable entry points.
    package static func keyFiles(_ facts: RepositoryFacts) -> [String] {
        var picked: [String] = []
        for f in facts.files where !f.isVendored {
            let depth = f.components.count
            let name = f.name.lowercased()
            switch f.kind {
            case .markdown, .restructuredText:
                if depth == 1 && (name.hasPrefix("readme") || name.hasPrefix("contributing")) { picked.append(f.path) }
            case .requirements, .dockerfile, .compose, .makefile:
                if depth <= 2 { picked.append(f.path) }
            case .toml:
                if depth == 1 && (name == "pyproject.toml" || name.hasSuffix(".lock") || name == ".mlaudit.toml") {
                    picked.append(f.path)
                }
            case .ini:
                if depth == 1
                    && (name == "setup.cfg" || name == "tox.ini" || name == "pytest.ini" || name == ".coveragerc")
                {
                    picked.append(f.path)
                }
            case .yaml:
                if depth == 1 && (name.hasPrefix("environment") || name == ".pre-commit-config.yaml") {
                    picked.append(f.path)
                }
            case .python:
                guard depth <= 2, !f.isTest else { continue }
                if name == "setup.py" || name == "noxfile.py" {
                    picked.append(f.path)
                    continue
                }
                if let m = facts.python[f.path], !m.mainBlocks.isEmpty { picked.append(f.path) }
            case .text:
                if depth == 1 && (name.hasSuffix(".lock") || name == "license" || name == "license.txt") {
                    picked.append(f.path)
                }
            default:
                if depth == 1 && (name == "license" || name.hasSuffix(".lock")) { picked.append(f.path) }
            }
        }
        return Array(picked.sorted().prefix(30))
    }
}
