import Foundation
import MLAuditFacts
import MLAuditPython

/// The `# Copied from pkg.module.Object[.member] [with A->B]` convention of transformers, diffusers and code derived
/// from them: the comment sits on the line before a `def` or `class` (or its decorators), and a repository tool
/// (`make fix-copies`, `utils/check_copies.py`) keeps that block equal to its source. A source and its copies form a
/// copy group (copies of copies join the same group). An edit inside one member of a group has to be made in every
/// member, or the repository's consistency check fails and `fix-copies` overwrites the edit.
package struct CopyGroups: Sendable {
    /// One marked block or one source, by file and qualified name.
    package struct Member: Hashable, Sendable {
        package var path: String
        package var name: String
        package var span: LineSpan

        package func contains(_ path: String, _ line: Int) -> Bool {
            path == self.path && span.start <= line && line <= span.end
        }
    }

    /// Groups of two or more members (a source and the blocks copied from it).
    package var groups: [[Member]]
    /// Marked blocks naming a source in one of the repository's own packages that cannot be found: what they must
    /// stay equal to is unknown. (A marker naming another project's package is not checked by the repository's tool
    /// and constrains nothing.)
    package var unresolved: [Member]

    package static func read(_ facts: RepositoryFacts) -> CopyGroups {
        facts.memo("CopyGroups") { make(facts.python) }
    }

    /// The dotted name a `# Copied from` comment names, or nil when the comment is not such a marker.
    package static func markedSource(_ comment: String) -> String? {
        var rest = Substring(comment)
        guard rest.hasPrefix("#") else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        guard rest.hasPrefix("Copied from ") else { return nil }
        rest = rest.dropFirst("Copied from ".count).drop { $0 == " " }
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.allSatisfy({ $0.first.map { $0.isLetter || $0 == "_" } ?? false }) else {
            return nil
        }
        return String(name)
    }

    static func make(_ python: [String: PythonModule]) -> CopyGroups {
        var parent: [Member: Member] = [:]
        func root(_ m: Member) -> Member {
            var m = m
            while let p = parent[m], p != m { m = p }
            return m
        }
        func union(_ a: Member, _ b: Member) {
            if parent[a] == nil { parent[a] = a }
            if parent[b] == nil { parent[b] = b }
            let ra = root(a)
            let rb = root(b)
            if ra != rb { parent[ra] = rb }
        }
        var unresolved: [Member] = []
        let paths = PathIndex(python.keys)
        // Markers repeat their sources (one source, many copies): each dotted name is resolved once.
        var resolved: [String: Member?] = [:]
        for path in python.keys.sorted() {
            let module = python[path]!
            for comment in module.comments {
                guard let source = markedSource(comment.text), let copy = markedBlock(module, after: comment.line)
                else { continue }
                let original: Member?
                if let known = resolved[source] {
                    original = known
                } else {
                    original = resolve(source, in: python, paths: paths)
                    resolved[source] = original
                }
                if let original {
                    union(copy, original)
                } else if paths.isOwnPackage(source) {
                    unresolved.append(copy)
                }
            }
        }
        var byRoot: [Member: [Member]] = [:]
        for m in parent.keys { byRoot[root(m), default: []].append(m) }
        let groups = byRoot.values.map { $0.sorted { ($0.path, $0.span.start) < ($1.path, $1.span.start) } }
            .sorted { ($0[0].path, $0[0].span.start) < ($1[0].path, $1[0].span.start) }
        return CopyGroups(groups: groups, unresolved: unresolved)
    }

    /// The `def` or `class` a marker on `line` introduces: the first one starting after it, with nothing between
    /// them but its decorators (one line each).
    static func markedBlock(_ module: PythonModule, after line: Int) -> Member? {
        var best: Member?
        var bestDecorators = 0
        for f in module.functions where f.span.start > line && f.span.start < (best?.span.start ?? Int.max) {
            best = Member(path: module.path, name: f.qualifiedName, span: f.span)
            bestDecorators = f.decorators.count
        }
        for c in module.classes where c.span.start > line && c.span.start < (best?.span.start ?? Int.max) {
            best = Member(path: module.path, name: c.qualifiedName, span: c.span)
            bestDecorators = c.decorators.count
        }
        guard let best, best.span.start - line - 1 <= bestDecorators else { return nil }
        return best
    }

    /// True when the marker's first name is a package of the repository (a folder of Python files at the root or
    /// under `src/`).
    static func isOwnPackage(_ dotted: String, in python: [String: PythonModule]) -> Bool {
        PathIndex(python.keys).isOwnPackage(dotted)
    }

    /// The module paths as `resolve` and `isOwnPackage` ask about them, indexed once per audit rather than scanned
    /// once per marker (diffusers carries thousands of markers).
    struct PathIndex {
        /// Each path's tails after one of its `/`: `a/b/c.py` gives `b/c.py` and `c.py`; the count of paths with
        /// that tail, and the path when it is the only one.
        private var tails: [String: (count: Int, path: String)] = [:]
        /// First folders of paths (`pkg` of `pkg/m.py`), and second folders under `src/` (`pkg` of `src/pkg/m.py`).
        private var tops: Set<Substring> = []
        private var srcTops: Set<Substring> = []

        init<S: Sequence<String>>(_ paths: S) {
            for path in paths {
                let parts = path.split(separator: "/", omittingEmptySubsequences: false)
                if parts.count >= 2 { tops.insert(parts[0]) }
                if parts.count >= 3, parts[0] == "src" { srcTops.insert(parts[1]) }
                var i = path.startIndex
                while let slash = path[i...].firstIndex(of: "/") {
                    i = path.index(after: slash)
                    let tail = String(path[i...])
                    if let seen = tails[tail] {
                        tails[tail] = (seen.count + 1, seen.path)
                    } else {
                        tails[tail] = (1, path)
                    }
                }
            }
        }

        /// The one path ending in `/` + `file`, or nil when none or several do.
        func uniquePath(endingWith file: String) -> String? {
            guard let t = tails[file], t.count == 1 else { return nil }
            return t.path
        }

        /// True when a path starts with `top/` or `src/top/`, `top` being the dotted name's first part.
        func isOwnPackage(_ dotted: String) -> Bool {
            let top = dotted.prefix { $0 != "." }
            guard !top.contains("/") else { return false }
            return tops.contains(top) || srcTops.contains(top)
        }
    }

    /// `pkg.sub.module.Class.method` -> the member it names: the longest module prefix that is a file of the
    /// repository (at the root, under `src/`, or a unique file ending in that path), then a class or function of
    /// that module by qualified name.
    static func resolve(_ dotted: String, in python: [String: PythonModule]) -> Member? {
        resolve(dotted, in: python, paths: PathIndex(python.keys))
    }

    static func resolve(_ dotted: String, in python: [String: PythonModule], paths: PathIndex) -> Member? {
        let parts = dotted.split(separator: ".").map(String.init)
        for cut in stride(from: parts.count - 1, through: 1, by: -1) {
            let modulePath = parts[..<cut].joined(separator: "/")
            let object = parts[cut...].joined(separator: ".")
            for file in [modulePath + ".py", modulePath + "/__init__.py"] {
                var module = python[file] ?? python["src/" + file]
                if module == nil, let only = paths.uniquePath(endingWith: file) { module = python[only] }
                guard let module else { continue }
                if let c = module.classes.first(where: { $0.qualifiedName == object }) {
                    return Member(path: module.path, name: object, span: c.span)
                }
                if let f = module.functions.first(where: { $0.qualifiedName == object }) {
                    return Member(path: module.path, name: object, span: f.span)
                }
                return nil
            }
        }
        return nil
    }

    /// Which of `sites` may be edited without breaking a copy group: a site outside every group is kept; a site in
    /// an unresolved copy is dropped; a site in a group is kept only while every member of that group holds the same
    /// number of kept sites (a source edited without its copies, or one copy without the others, drops the group's
    /// sites). Repeated until nothing more drops. Returns a flag per site.
    package func editable(_ sites: [(path: String, line: Int)]) -> [Bool] {
        var keep = sites.map { site in !unresolved.contains { $0.contains(site.path, site.line) } }
        let touched = groups.filter { group in
            sites.contains { site in group.contains { $0.contains(site.path, site.line) } }
        }
        var changed = true
        while changed {
            changed = false
            for group in touched {
                let counts = group.map { member in
                    sites.indices.filter { keep[$0] && member.contains(sites[$0].path, sites[$0].line) }.count
                }
                guard Set(counts).count > 1 else { continue }
                for i in sites.indices
                where keep[i] && group.contains(where: { $0.contains(sites[i].path, sites[i].line) }) {
                    keep[i] = false
                    changed = true
                }
            }
        }
        return keep
    }
}
