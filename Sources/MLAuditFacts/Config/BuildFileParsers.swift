import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Requirement specifiers from requirements files, conda environments, pyproject and setup.py.
package enum RequirementParser {
    private static let specRegex = try! NSRegularExpression(
        pattern:
            #"^([A-Za-z0-9][A-Za-z0-9_.\-]*)(\[[^\]]*\])?\s*((?:===|==|>=|<=|~=|!=|>|<|=)[^;#\s]*(?:\s*,\s*(?:===|==|>=|<=|~=|!=|>|<)[^;#\s,]*)*)?"#
    )

    package static func parse(_ spec: String, path: String, line: Int) -> RequirementLine? {
        let t = spec.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, !t.hasPrefix("#"), !t.hasPrefix("-"), !t.contains("://") else { return nil }
        let ns = t as NSString
        guard let m = specRegex.firstMatch(in: t, range: NSRange(location: 0, length: ns.length)) else { return nil }
        let name = ns.substring(with: m.range(at: 1))
        let spec = m.range(at: 3).location != NSNotFound ? ns.substring(with: m.range(at: 3)) : ""
        return RequirementLine(
            path: path, line: line, name: name.lowercased(), specifier: spec, hasHash: t.contains("--hash="))
    }

    /// A requirements file through the one line reader (`Requirements.entries`: continuations joined, comments and
    /// options left out), each entry parsed as a specifier.
    package static func requirementsFile(_ text: String, path: String) -> [RequirementLine] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return Requirements.entries(lines).compactMap { parse($0.text, path: path, line: $0.line) }
    }

    /// `dependencies:` of a conda environment (the pip sub-list included).
    package static func conda(_ text: String, path: String) -> [RequirementLine] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { i, raw in
            let t = raw.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("- ") else { return nil }
            let item = String(t.dropFirst(2)).split(separator: "#").first.map(String.init) ?? ""
            if item.hasSuffix(":") { return nil }
            return parse(item.replacingOccurrences(of: " ", with: ""), path: path, line: i + 1)
        }
    }

    /// `[project] dependencies` and `[tool.poetry.dependencies]` rows.
    package static func pyproject(_ rows: [ConfigEntry]) -> [RequirementLine] {
        let poetry = "tool.poetry.dependencies."
        // `torch = { version = "^2.1", optional = true }`: the inline table's `version`
        var tableVersions: [String: String] = [:]
        for row in rows where row.keyPath.hasPrefix(poetry) && row.key == "version" && !row.isListItem {
            tableVersions[String(row.keyPath.dropFirst(poetry.count).dropLast(".version".count))] = row.value
        }
        return rows.compactMap { row in
            if row.isListItem
                && (row.keyPath == "project.dependencies" || row.keyPath.hasPrefix("project.optional-dependencies"))
            {
                return parse(row.value, path: row.path, line: row.line)
            }
            if row.keyPath == poetry + row.key, !row.isListItem, row.key != "python" {
                let written = row.value.isEmpty ? tableVersions[row.key] ?? "" : row.value
                let v = written.trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
                let exact = v.first.map { $0.isNumber } ?? false
                return RequirementLine(
                    path: row.path, line: row.line, name: row.key.lowercased(),
                    specifier: exact ? "==" + v : v, hasHash: false)
            }
            return nil
        }
    }

    /// Requirement-looking string literals of `setup.py` (install_requires lists and extras).
    package static func setupPy(_ module: PythonModule, facts: RepositoryFacts) -> [RequirementLine] {
        module.strings.filter { !$0.isDocstring }.compactMap { s in
            guard
                s.value.range(
                    of: #"^[A-Za-z0-9][A-Za-z0-9_.\-]*(\[[^\]]*\])?\s*(===|==|>=|<=|~=|!=|>|<)"#,
                    options: .regularExpression) != nil
            else { return nil }
            return parse(s.value, path: module.path, line: s.line)
        }
    }
}

/// Non-comment lines of shell scripts (continuation lines joined onto their first line).
package enum ShellParser {
    package static func commands(_ text: String, path: String) -> [ShellCommandLine] {
        var out: [ShellCommandLine] = []
        var pending: (line: Int, text: String)? = nil
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let t = raw.trimmingCharacters(in: .whitespaces)
            if pending == nil && (t.isEmpty || t.hasPrefix("#")) { continue }
            let piece = t.hasSuffix("\\") ? String(t.dropLast()) : t
            if var p = pending {
                p.text += " " + piece
                pending = p
            } else {
                pending = (i + 1, piece)
            }
            if !t.hasSuffix("\\"), let p = pending {
                out.append(ShellCommandLine(path: path, line: p.line, text: p.text))
                pending = nil
            }
        }
        if let p = pending { out.append(ShellCommandLine(path: path, line: p.line, text: p.text)) }
        return out
    }
}
