import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// `@nox.session` functions of `noxfile.py`: from the structure reader's functions and calls when it has
/// read the file, otherwise from the file's text (decorator line, `def` line, indented body).
package enum NoxSessions {
    package struct Session {
        package var name: String
        package var line: Int
        package var body: [String]
    }

    package static func gates(_ facts: RepositoryFacts) -> [GateSpec] {
        guard let file = ["noxfile.py", "noxfile"].first(where: { facts.snapshot.file($0) != nil }) else { return [] }
        return sessions(facts, file: file).map { s in
            let runs = s.body.compactMap(runCommand)
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

    package static func sessions(_ facts: RepositoryFacts, file: String) -> [Session] {
        let lines = facts.lines(file).map(String.init)
        if let m = facts.python[file], !m.functions.isEmpty {
            return m.functions.filter { f in f.enclosingClass == nil && f.decorators.contains { isSessionDecorator($0) }
            }.map { f in
                let decoLine = (max(1, f.span.start - 3)...f.span.start).first { n in
                    n <= lines.count && lines[n - 1].contains("session") && lines[n - 1].contains("@")
                }
                let name = decoLine.flatMap { sessionName(lines[$0 - 1]) } ?? f.name
                let body =
                    f.span.start < f.span.end
                    ? Array(lines[min(f.span.start, lines.count)..<min(f.span.end, lines.count)]) : []
                return Session(name: name, line: f.span.start, body: body)
            }
        }
        var out: [Session] = []
        var pendingName: String? = nil
        var pending = false
        var i = 0
        while i < lines.count {
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("@"), isSessionDecorator(String(t.dropFirst().prefix { $0 != "(" })) {
                pending = true
                pendingName = sessionName(t)
            } else if pending, t.hasPrefix("def ") || t.hasPrefix("async def ") {
                let fname = t.drop { $0 != " " }.dropFirst().prefix { $0 != "(" }.replacingOccurrences(
                    of: "def ", with: "")
                var body: [String] = []
                var j = i + 1
                while j < lines.count, lines[j].isEmpty || lines[j].first == " " || lines[j].first == "\t" {
                    body.append(lines[j])
                    j += 1
                }
                out.append(
                    Session(name: pendingName ?? fname.trimmingCharacters(in: .whitespaces), line: i + 1, body: body))
                pending = false
                pendingName = nil
            } else if !t.hasPrefix("@") && !t.isEmpty {
                pending = false
                pendingName = nil
            }
            i += 1
        }
        return out
    }

    package static func isSessionDecorator(_ d: String) -> Bool {
        d == "nox.session" || d == "session" || d.hasSuffix(".session")
    }

    /// `@nox.session(name="lint", ...)` -> "lint".
    package static func sessionName(_ line: String) -> String? {
        guard let r = line.range(of: #"name\s*=\s*["']([^"']+)["']"#, options: .regularExpression) else { return nil }
        return line[r].split(whereSeparator: { $0 == "\"" || $0 == "'" }).dropFirst().first.map(String.init)
    }

    /// `session.run("pytest", "-q", "tests/")` -> "pytest -q tests/" (string arguments only).
    package static func runCommand(_ line: String) -> String? {
        guard let r = line.range(of: #"session\.run\((.*)"#, options: .regularExpression) else { return nil }
        let args = line[r].dropFirst("session.run(".count)
        var words: [String] = []
        var cur = ""
        var quote: Character? = nil
        for ch in args {
            if let q = quote {
                if ch == q {
                    words.append(cur)
                    cur = ""
                    quote = nil
                } else {
                    cur.append(ch)
                }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == ")" {
                break
            }
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
