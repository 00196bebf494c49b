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
    /// `base + "/"`, made once (not once per path matched).
    private let basePrefix: String
    /// How many names `base` has ("" -> 0, "a/b" -> 2): the path's first names an anchored rule skips.
    private let baseDepth: Int

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
        self.basePrefix = base + "/"
        self.baseDepth = base.isEmpty ? 0 : base.split(separator: "/", omittingEmptySubsequences: false).count
        self.glob = PathGlob(line)
    }

    /// `path` is repository-relative.
    package func matches(_ path: String, isDirectory: Bool) -> Bool {
        matches(path, name: nil, isDirectory: isDirectory)
    }

    /// `matches(_:isDirectory:)`; `name` is the scalars of `path`'s last component when the caller has them (a
    /// path that does not end in "/"), so a path checked against many rules is split once.
    package func matches(_ path: String, name: [Unicode.Scalar]?, isDirectory: Bool) -> Bool {
        matches(path, name: name, segments: nil, isDirectory: isDirectory)
    }

    /// `segments`: the whole path split by `PathGlob.segments(of:)`, when the caller has it (an anchored rule then
    /// drops its base's names instead of splitting the path again).
    package func matches(
        _ path: String, name: [Unicode.Scalar]?, segments: [[Unicode.Scalar]]?, isDirectory: Bool
    ) -> Bool {
        if directoryOnly && !isDirectory { return false }
        var rel = Substring(path)
        if !base.isEmpty {
            guard path.hasPrefix(basePrefix) else { return false }
            rel = path.dropFirst(base.count + 1)
        }
        if anchored {
            guard let segments else { return glob.matches(String(rel)) }
            return glob.matches(segments: baseDepth == 0 ? segments : Array(segments.dropFirst(baseDepth)))
        }
        // rel is a non-empty tail of path past a "/": its last non-empty segment is path's last component
        if let name, !rel.isEmpty { return glob.matches(name: name) }
        let last = rel.split(separator: "/").last ?? rel
        return glob.matches(name: Array(last.unicodeScalars))
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
        if rules.isEmpty { return false }
        // The last component's scalars, once for every rule; nil when the path ends in "/" (each rule then
        // takes the last non-empty segment of its own relative path).
        var name: [Unicode.Scalar]? = nil
        if let lastByte = path.utf8.last, lastByte != 0x2F {
            let last = path.split(separator: "/").last ?? Substring(path)
            name = Array(last.unicodeScalars)
        }
        // The path's names, split once for every anchored rule (nil while no rule needs them).
        var segments: [[Unicode.Scalar]]? = nil
        var ignored = false
        for rule in rules {
            if rule.anchored && segments == nil { segments = PathGlob.segments(of: path) }
            if rule.matches(path, name: name, segments: segments, isDirectory: isDirectory) { ignored = !rule.negated }
        }
        return ignored
    }
}
