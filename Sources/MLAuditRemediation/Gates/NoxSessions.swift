import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Gates from the sessions of the root noxfile (read once by `NoxfileReader` in the facts stage).
package enum NoxSessions {
    package static func gates(_ facts: RepositoryFacts) -> [GateSpec] {
        guard let file = ["noxfile.py", "noxfile"].first(where: { facts.snapshot.file($0) != nil }) else { return [] }
        return facts.config.noxSessions.filter { $0.path == file }.map { s in
            let runs = s.runs
            var paths: [String] = []
            var tests = false
            var lint = false
            for r in runs {
                switch CommandRole.of(r) {
                case .tests(let p):
                    tests = true
                    paths += p
                case .lint, .mutating: lint = true
                case .other: break
                }
            }
            let shown =
                runs.isEmpty
                ? "no session.run call found" : runs.prefix(2).joined(separator: "; ") + (runs.count > 2 ? "; ..." : "")
            return GateSpec(
                kind: .nox, steps: [["nox", "-s", s.name]], purpose: "nox session \(s.name): \(shown)",
                selection: tests ? (paths.isEmpty ? .allTests : .paths(paths)) : .none,
                source: facts.evidence(file, s.line), baseCategories: lint || !tests ? [.infrastructure] : [])
        }
    }
}
