import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Environment capture: lock files, pinned requirements, container images, conda environments.
package enum EnvironmentCapture {
    package static let condaFiles: Set<String> = ["environment.yml", "environment.yaml", "conda.yml", "conda.yaml"]

    package static func item(_ facts: RepositoryFacts) -> ReproItem {
        // Root-level files first: they describe the main environment; examples' files follow.
        // depth computed once per file, not inside the comparator (n log n splits before)
        let files = facts.files.filter { !$0.isVendored }
            .map { f in (depth: f.path.utf8.reduce(1) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }, file: f) }
            .sorted { ($0.depth, $0.file.path) < ($1.depth, $1.file.path) }.map(\.file)
        var evidence: [Evidence] = []
        var parts: [String] = []
        var strong = false
        var weak = false

        let locks = files.filter { LockFiles.isLockFile($0.name) }
        if !locks.isEmpty {
            strong = true
            parts.append("Lock file: " + locks.prefix(3).map(\.path).joined(separator: ", ") + ".")
            evidence += locks.prefix(2).map { Evidence(path: $0.path, line: 1, text: nil) }
        }
        var unpinnedNotes: [String] = []
        for f in files where f.kind == .requirements {
            let reqs = Requirements.entries(facts.lines(f.path))
            guard !reqs.isEmpty else { continue }
            let unpinned = reqs.filter { !$0.pinned }
            if unpinned.isEmpty {
                strong = true
                parts.append("\(f.path) pins all \(reqs.count) requirement(s).")
                evidence.append(facts.evidence(f.path, reqs[0].line))
            } else {
                weak = true
                unpinnedNotes.append(
                    "\(f.path): \(unpinned.count) of \(reqs.count) unpinned (e.g. `\(unpinned[0].text)` at line \(unpinned[0].line))"
                )
                evidence.append(facts.evidence(f.path, unpinned[0].line))
            }
        }
        if !unpinnedNotes.isEmpty {
            parts.append("Unpinned requirements: " + unpinnedNotes.prefix(3).joined(separator: "; ") + ".")
        }
        let docker = files.filter { $0.kind == .dockerfile || $0.kind == .compose }
        if let d = docker.first {
            weak = true
            let from = facts.lines(d.path).enumerated().first { $0.element.uppercased().hasPrefix("FROM ") }
            let fromText = from.map { $0.element.trimmingCharacters(in: .whitespaces) } ?? ""
            let digest = fromText.contains("@sha256:")
            parts.append(
                "Container: \(d.path)"
                    + (fromText.isEmpty
                        ? ""
                        : " (`\(fromText)`\(digest ? ", pinned by digest" : ", base image tag not pinned by digest")")
                    + ")" + (docker.count > 1 ? " and \(docker.count - 1) more." : "."))
            evidence.append(facts.evidence(d.path, (from?.offset ?? 0) + 1))
        }
        if let conda = files.first(where: { condaFiles.contains(String($0.name)) }) {
            weak = true
            parts.append("Conda environment: \(conda.path).")
            evidence.append(facts.evidence(conda.path, 1))
        }
        for py in ["pyproject.toml", "setup.py", "setup.cfg"] where facts.snapshot.file(py) != nil {
            let deps = facts.lines(py).enumerated().first {
                $0.element.contains("dependencies") || $0.element.contains("install_requires")
            }
            if let deps {
                weak = true
                parts.append("Package metadata declares dependencies at \(py):\(deps.offset + 1) (ranges, not a lock).")
                evidence.append(facts.evidence(py, deps.offset + 1))
                break
            }
        }
        let status: ReproStatus = strong ? (unpinnedNotes.isEmpty ? .present : .partial) : (weak ? .partial : .missing)
        if !strong {
            parts.append(
                weak
                    ? "No lock file: resolve once and commit it (pip-compile --generate-hashes, uv lock or poetry lock)."
                    : "Nothing captures the environment: no requirements, lock file, Dockerfile or conda environment. The README's install line is the only record."
            )
        }
        return ReproItem(
            item: "Environment capture", status: status, notes: parts.joined(separator: " "),
            evidence: Array(evidence.prefix(5)))
    }
}
