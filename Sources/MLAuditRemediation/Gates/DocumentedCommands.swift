import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Test commands the repository documents for its contributors: fenced shell lines and inline code in README /
/// CONTRIBUTING / docs, and the `run:` / `script:` lines of its own CI configuration (read, never written). Each
/// becomes a gate citing where it is written, so `Local Tests & Gates` lists the commands the maintainers use
/// (`KERAS_BACKEND=jax SKIP_APPLICATIONS_TESTS=True pytest keras`, the CI pytest line), not only the config.
package enum DocumentedCommands {
    package static let maxGates = 3

    package static func gates(_ facts: RepositoryFacts, existing: [GateSpec]) -> [GateSpec] {
        let config = facts.builtConfig
        var candidates: [(text: String, evidence: Evidence, rank: Int)] = []
        for doc in config.markdown {
            let lower = doc.path.lowercased()
            let name = lower.split(separator: "/").last.map(String.init) ?? lower
            let rank =
                name.hasPrefix("contributing")
                ? 0
                : name.hasPrefix("readme") && !lower.contains("/")
                    ? 1
                    : lower.hasPrefix("docs/")
                        && (lower.contains("contribut") || lower.contains("test") || lower.contains("develop")) ? 2 : -1
            guard rank >= 0 else { continue }
            for (text, line) in doc.commandLines { candidates.append((text, facts.evidence(doc.path, line), rank)) }
        }
        for c in config.commands where HostedCIFilesCheck.isHostedCI(c.path) || c.path.hasPrefix(".gitlab/") {
            candidates.append((c.text, facts.evidence(c.path, c.line), 3))
        }
        var seen = Set(existing.map(\.command))
        var out: [GateSpec] = []
        for c in candidates.sorted(by: {
            ($0.rank, $0.evidence.path, $0.evidence.line) < ($1.rank, $1.evidence.path, $1.evidence.line)
        }) {
            guard out.count < maxGates, let argv = argv(c.text),
                case .tests(let paths) = CommandRole.of(argv.joined(separator: " "))
            else { continue }
            guard argv.contains(where: { $0 == "pytest" || $0 == "py.test" || $0.hasSuffix("/pytest") }) else {
                continue
            }
            let spec = GateSpec(
                kind: .documented, steps: [argv],
                purpose:
                    "The test command \(c.rank == 3 ? "the repository's CI runs" : "its documentation gives") (\(c.evidence.path):\(c.evidence.line))",
                selection: paths.isEmpty ? .allTests : .paths(paths), source: c.evidence)
            guard seen.insert(spec.command).inserted else { continue }
            out.append(spec)
        }
        return out
    }

    /// argv for a plain command line: leading `VAR=value` assignments become `env VAR=value ...`; lines with shell
    /// syntax (pipes, `&&`, redirections, substitutions, globs, line continuations) are left out.
    package static func argv(_ line: String) -> [String]? {
        var t = line.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("- ") { t = String(t.dropFirst(2)) }  // YAML list item in a CI script
        if t.hasPrefix("run: ") { t = String(t.dropFirst(5)) }
        guard !t.isEmpty, t.range(of: #"[|;&<>`$\\*]"#, options: .regularExpression) == nil else { return nil }
        let words = GateSpec.split(t)
        guard !words.isEmpty else { return nil }
        let assignments = words.prefix {
            $0.range(of: #"^[A-Za-z_][A-Za-z0-9_]*=\S*$"#, options: .regularExpression) != nil
        }
        let rest = Array(words.dropFirst(assignments.count))
        guard let first = rest.first, ["pytest", "py.test", "python", "python3"].contains(first) else { return nil }
        if first.hasPrefix("python") && !(rest.count > 2 && rest[1] == "-m" && rest[2] == "pytest") { return nil }
        return assignments.isEmpty ? rest : ["env"] + assignments + rest
    }
}
