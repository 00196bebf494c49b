import Foundation
import MLAuditKit
import MLAuditPython

/// A `@nox.session` function of a noxfile: the session's name (`name=` or the function's), the function's name,
/// its `def` line and body lines.
public struct NoxSession: Sendable, Hashable {
    public var path: String
    public var name: String
    public var function: String
    public var line: Int
    public var body: [String]

    /// The `session.run(...)` commands of the body ("pytest -q tests/"), string arguments only.
    public var runs: [String] { body.compactMap(NoxfileReader.runCommand) }
}

/// The one noxfile reader (gates and the local-gates rule): the structure reader's functions when it read the
/// file, otherwise the file's text (decorator line, `def` line, indented body). Never fails.
package enum NoxfileReader {
    package static func sessions(path: String, text: String, module: PythonModule?) -> [NoxSession] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        }
        if let m = module, !m.functions.isEmpty {
            return m.functions.filter { f in f.enclosingClass == nil && f.decorators.contains { isSessionDecorator($0) }
            }.map { f in
                let decoLine = (max(1, f.span.start - 3)...f.span.start).first { n in
                    n <= lines.count && lines[n - 1].contains("session") && lines[n - 1].contains("@")
                }
                let name = decoLine.flatMap { sessionName(lines[$0 - 1]) } ?? f.name
                let body =
                    f.span.start < f.span.end
                    ? Array(lines[min(f.span.start, lines.count)..<min(f.span.end, lines.count)]) : []
                return NoxSession(path: path, name: name, function: f.name, line: f.span.start, body: body)
            }
        }
        var out: [NoxSession] = []
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
                    of: "def ", with: ""
                ).trimmingCharacters(in: .whitespaces)
                var body: [String] = []
                var j = i + 1
                while j < lines.count, lines[j].isEmpty || lines[j].first == " " || lines[j].first == "\t" {
                    body.append(lines[j])
                    j += 1
                }
                out.append(NoxSession(path: path, name: pendingName ?? fname, function: fname, line: i + 1, body: body))
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
