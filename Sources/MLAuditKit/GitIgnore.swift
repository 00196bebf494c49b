import Foundation

/// `.gitignore` rules for trees that are not git work trees (inside one, `git ls-files` decides).
/// Supports comments, negation, anchoring ("/x", "a/b"), directory-only ("x/"); patterns through `PathGlob`.
package struct GitIgnoreRule {
    package let pattern: String
    package let negated: Bool
    package let directoryOnly: Bool
    package let anchored: Bool
    package let base: String  // directory of the .gitignore, "" for the root
    private let glob: PathGlob

    package init?(line raw: Substring, base: String) {
        var line = String(raw)
        while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line.removeLast() }
        if line.isEmpty || line.hasPrefix("#") { return nil }
        var negated = false
        if line.hasPrefix("!") {
            negated = true
            line.removeFirst()
        }
        if line.hasPrefix("\\") { line.removeFirst() }
        var directoryOnly = false
        if line.hasSuffix("/") {
            directoryOnly = true
            line.removeLast()
        }
        if line.isEmpty { return nil }
        let anchored = line.dropLast().contains("/") || line.hasPrefix("/")
        if line.hasPrefix("/") { line.removeFirst() }
        self.pattern = line
        self.negated = negated
        self.directoryOnly = directoryOnly
        self.anchored = anchored
        self.base = base
        self.glob = PathGlob(line)
    }

    /// `path` is repository-relative.
    package func matches(_ path: String, isDirectory: Bool) -> Bool {
        if directoryOnly && !isDirectory { return false }
        var rel = path
        if !base.isEmpty {
            guard path.hasPrefix(base + "/") else { return false }
            rel = String(path.dropFirst(base.count + 1))
        }
        if anchored { return glob.matches(rel) }
        let name = rel.split(separator: "/").last.map(String.init) ?? rel
        return glob.matches(name)
    }
}

package struct GitIgnore {
    package private(set) var rules: [GitIgnoreRule] = []
    package init(rules: [GitIgnoreRule] = []) {
        self.rules = rules
    }

    package mutating func add(contents: String, base: String) {
        for line in contents.split(separator: "\n", omittingEmptySubsequences: false) {
            if let rule = GitIgnoreRule(line: line.hasSuffix("\r") ? line.dropLast() : line, base: base) {
                rules.append(rule)
            }
        }
    }

    package func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        var ignored = false
        for rule in rules where rule.matches(path, isDirectory: isDirectory) { ignored = !rule.negated }
        return ignored
    }
}
