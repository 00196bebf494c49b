import Foundation
import MLAuditKit

/// One parsed Makefile: its rules (with those of the files it includes), variables and `.PHONY` names.
public struct Makefile: Sendable {
    public var path: String
    /// Every rule, in file order; rules from an included file carry that file's path.
    public var targets: [MakeTarget]
    /// `NAME = value` (also `:=`, `::=`, `?=`, `+=`, `export`/`override`), after includes, in definition order.
    public var variables: [String: String]
    /// `target: NAME = value` lines: variables that hold only while that target's recipe runs.
    public var targetVariables: [String: [String: String]]
    public var phony: Set<String>
    /// Repository paths of the included files that were read (inside the tree only).
    public var includes: [String]

    /// The rules this file itself defines (not those of its includes).
    public var ownTargets: [MakeTarget] { targets.filter { $0.path == path } }

    /// `$(NAME)` / `${NAME}` replaced by the target's and then the file's values (three levels deep); unknown
    /// references are left as they are.
    public func expand(_ s: String, target: String? = nil) -> String {
        var values = variables
        if let t = target, let own = targetVariables[t] { values.merge(own) { _, new in new } }
        var t = s
        for _ in 0..<3 {
            var changed = false
            for name in values.keys.sorted() {
                for ref in ["$(\(name))", "${\(name)}"] where t.contains(ref) {
                    t = t.replacingOccurrences(of: ref, with: values[name]!)
                    changed = true
                }
            }
            if !changed { break }
        }
        return t
    }
}

/// The one Makefile reader (capability rules, gates, the repository's commands): continuation lines, variables,
/// `include` of files inside the tree, `.PHONY`, target-specific variables, several targets per rule, inline
/// `target: ; recipe`. Never runs make and never fails: an unreadable include is skipped.
package enum MakefileParser {
    /// How deep includes are followed (an include cycle stops at the first repeat anyway).
    static let maxIncludeDepth = 4

    /// Rules of `text` alone (no includes).
    package static func targets(_ text: String, path: String) -> [MakeTarget] {
        parse(text, path: path, read: { _ in nil }).targets
    }

    /// `read` returns the text of a repository-relative path, nil when it is not in the snapshot.
    package static func parse(_ text: String, path: String, read: (String) -> String?) -> Makefile {
        var out = Makefile(path: path, targets: [], variables: [:], targetVariables: [:], phony: [], includes: [])
        var seen: Set<String> = [path]
        parse(text, path: path, depth: 0, read: read, into: &out, seen: &seen)
        return out
    }

    private static func parse(
        _ text: String, path: String, depth: Int, read: (String) -> String?, into out: inout Makefile,
        seen: inout Set<String>
    ) {
        var current: [MakeTarget] = []  // the rule being read: one entry per target it names
        func close() {
            out.targets += current
            current = []
        }
        for (line, raw) in logicalLines(text) {
            if raw.hasPrefix("\t") {
                let t = raw.trimmingCharacters(in: .whitespaces)
                guard !current.isEmpty, !t.isEmpty, !t.hasPrefix("#") else { continue }
                for i in current.indices {
                    current[i].recipeLines.append(line)
                    current[i].recipeTexts.append(t)
                }
                continue
            }
            let s = raw.trimmingCharacters(in: .whitespaces)
            if s.isEmpty || s.hasPrefix("#") { continue }
            if let files = includeDirective(s) {
                close()
                guard depth < maxIncludeDepth else { continue }
                for name in files.split(whereSeparator: \.isWhitespace) {
                    guard let target = resolve(out.expand(String(name)), from: path), !seen.contains(target),
                        let included = read(target)
                    else { continue }
                    seen.insert(target)
                    out.includes.append(target)
                    parse(included, path: target, depth: depth + 1, read: read, into: &out, seen: &seen)
                }
                continue
            }
            if let (name, op, value) = assignment(s) {
                close()
                assign(name, op, value, in: &out.variables)
                continue
            }
            if raw.hasPrefix(" ") { continue }  // space-indented: not a rule, and it does not end one either
            guard let colon = ruleColon(s) else {
                close()
                continue
            }
            close()
            let names = s[..<colon].split(whereSeparator: \.isWhitespace).map(String.init)
            var rest = s[s.index(after: colon)...]
            if rest.hasPrefix(":") { rest = rest.dropFirst() }  // double-colon rule
            if names.first == ".PHONY" {
                out.phony.formUnion(rest.split(whereSeparator: \.isWhitespace).map(String.init))
                continue
            }
            if let (name, op, value) = assignment(rest.trimmingCharacters(in: .whitespaces)) {
                for n in names { assign(name, op, value, in: &out.targetVariables[n, default: [:]]) }
                continue
            }
            // special targets (.SUFFIXES, .DEFAULT, ...) and computed names are not runnable targets
            let runnable = names.filter { !$0.hasPrefix(".") && !$0.contains("$") }
            guard !runnable.isEmpty else { continue }
            current = runnable.map {
                MakeTarget(path: path, name: $0, line: line, recipeLines: [], recipeTexts: [])
            }
            if let semi = rest.firstIndex(of: ";") {
                let inline = rest[rest.index(after: semi)...].trimmingCharacters(in: .whitespaces)
                if !inline.isEmpty {
                    for i in current.indices {
                        current[i].recipeLines.append(line)
                        current[i].recipeTexts.append(inline)
                    }
                }
            }
        }
        close()
    }

    /// Physical lines joined at a trailing backslash, each with its first line's number.
    static func logicalLines(_ text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        var pending: (Int, String)? = nil
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var piece = String(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            let continues = piece.hasSuffix("\\")
            if continues {
                // backslash-newline and the blanks around it become one space, as in make
                piece.removeLast()
                while piece.last == " " || piece.last == "\t" { piece.removeLast() }
            }
            if var p = pending {
                p.1 += " " + piece.trimmingCharacters(in: .whitespaces)
                pending = p
            } else {
                pending = (i + 1, piece)
            }
            if !continues, let p = pending {
                out.append(p)
                pending = nil
            }
        }
        if let p = pending { out.append(p) }
        return out
    }

    /// `include a.mk b.mk`, `-include x.mk`, `sinclude x.mk`: the file list.
    static func includeDirective(_ s: String) -> Substring? {
        for keyword in ["include ", "-include ", "sinclude "] where s.hasPrefix(keyword) {
            return s.dropFirst(keyword.count)
        }
        return nil
    }

    /// `NAME op value` with op one of `=`, `:=`, `::=`, `?=`, `+=`, `!=` (after `export`/`override`).
    static func assignment(_ s: String) -> (String, String, String)? {
        var body = Substring(s)
        for prefix in ["export ", "override "] where body.hasPrefix(prefix) { body = body.dropFirst(prefix.count) }
        guard let eq = body.firstIndex(of: "=") else { return nil }
        var opStart = eq
        while opStart > body.startIndex, ":?+!".contains(body[body.index(before: opStart)]) {
            opStart = body.index(before: opStart)
        }
        let name = body[..<opStart].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_.-".contains($0) }) else { return nil }
        let op = String(body[opStart...eq])
        guard ["=", ":=", "::=", "?=", "+=", "!="].contains(op) else { return nil }
        return (name, op, body[body.index(after: eq)...].trimmingCharacters(in: .whitespaces))
    }

    private static func assign(_ name: String, _ op: String, _ value: String, in vars: inout [String: String]) {
        switch op {
        case "?=": if vars[name] == nil { vars[name] = value }
        case "+=": vars[name] = (vars[name].map { $0 + " " } ?? "") + value
        case "!=": vars[name] = nil  // a shell command's output: unknown without running it
        default: vars[name] = value
        }
    }

    /// The colon that makes `s` a rule (`targets: prerequisites`); nil for `:=` and when `=` comes first.
    static func ruleColon(_ s: String) -> String.Index? {
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let before = s[..<colon]
        if before.contains("=") || before.isEmpty { return nil }
        if s[colon...].hasPrefix(":=") || s[colon...].hasPrefix("::=") { return nil }
        return colon
    }

    /// `name` relative to the including Makefile's folder, normalised; nil when it leaves the tree or is absolute.
    static func resolve(_ name: String, from makefile: String) -> String? {
        guard !name.hasPrefix("/"), !name.contains("$"), !name.contains("*") else { return nil }
        let dir = makefile.split(separator: "/").dropLast()
        var parts: [Substring] = Array(dir)
        for c in name.split(separator: "/") {
            if c == "." || c.isEmpty { continue }
            if c == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(c)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}
