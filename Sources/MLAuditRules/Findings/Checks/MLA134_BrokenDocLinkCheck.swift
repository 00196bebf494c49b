import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

#if canImport(Glibc)
    import Glibc
#endif

/// README and docs Markdown that links (`[text](path)`, `![alt](path)`, `[label]: path`, HTML `<img src>`/`<a href>`),
/// or reStructuredText that embeds (`.. image::`, `.. figure::`, `.. include::`, `.. literalinclude::`), a file or
/// folder the repository does not have: a newcomer following the README hits a dead link. Relative targets only (`#anchor` and `?query` stripped,
/// resolved against the Markdown file's folder); web, mail, anchor-only, root-absolute and templated (`{{ }}`) targets
/// and links inside fenced code blocks or inline code are left alone. A target exists when the snapshot lists it (a
/// file, a skipped file or a folder holding one), when a docs generator would render it (`x` or `x.html` for `x.md`,
/// `x.rst`, `x.ipynb`), or when it is on disk inside the root (a git-ignored file): checked with `lstat` component by
/// component, never following a symbolic link. A target differing from a listed path only in letter case is broken
/// on Linux and on GitHub, and the title says so.
package struct BrokenDocLinkCheck: FindingCheck {
    package let code = FindingCode.mla134
    package let severity = Severity.low
    package let capability: Capability? = .documentationExamples
    package let summary = "README or docs Markdown links to a file or folder that is not in the repository."
    package let why =
        "A newcomer following the README or the docs opens a dead link (GitHub shows a 404) exactly where the instructions continue."
    package let fix =
        "Point the link at the file's current path (or fix its letter case), add the missing file, or remove the link."
    package var triggering: [FindingExample] {
        [
            FindingExample([
                "README.md":
                    "# Demo\nSee [the guide](docs/guide.md#setup) and ![arch](assets/arch.png).\nConfigs live in [configs](configs/).\n",
                "docs/index.md": "Back to [readme](../README.md). Details in [FAQ](./faq.md).\n",
                "configs/base.yaml": "a: 1\n",
            ]),
            FindingExample([
                "README.md": "Run [the trainer](Train.py) first.\n",
                "train.py": "print(1)\n",
            ]),
            // A reference definition, an HTML image, a reStructuredText figure.
            FindingExample(["README.md": "See [guide][g].\n\n[g]: docs/guide.md \"Guide\"\n"]),
            FindingExample(["README.md": "<p align=\"center\"><img src=\"assets/logo.png\" width=\"200\"></p>\n"]),
            FindingExample(["docs/index.rst": "Intro\n=====\n\n.. figure:: images/arch.png\n   :width: 80%\n"]),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                "README.md":
                    "# Demo\n[site](https://example.com/x.md) [mail](mailto:a@b.c) [top](#demo) [abs](/usr/x.md)\n[guide](docs/guide.md#setup) [api](docs/api) [folder](docs/) [tpl]({{ site.url }}/x.md)\n`[code](missing.md)`\n```\n[in fence](missing.md)\n```\n[rendered](docs/guide.html) [q](docs/guide.md?plain=1) [enc](docs/my%20notes.md)\n",
                "docs/guide.md": "See [readme](../README.md) and [api](api.md).\n",
                "docs/api.md": "# API\n",
                "docs/my notes.md": "n\n",
                "notes/todo.md": "[missing](nowhere.md) is not a README or docs page.\n",
                "third_party/lib/README.md": "[gone](gone.md)\n",
            ]),
            FindingExample([
                "README.md":
                    "[g]: docs/guide.md\n[^1]: a footnote, not a link\n[web]: https://example.com/x\n<img src=\"docs/logo.png\"> <a href=\"https://x.org/y.md\">y</a>\n`<img src=\"missing.png\">`\n",
                "docs/guide.md": "g\n", "docs/logo.png": "png",
                "docs/index.rst":
                    ".. image:: logo.png\n.. include:: ../README.md\n.. literalinclude:: /abs/path.py\n.. include:: <isonum.txt>\n.. note:: not a path\n",
            ]),
        ]
    }

    /// Markdown the check reads: READMEs anywhere and pages under a `docs`/`doc` folder, outside vendored and
    /// copied trees.
    static func isDocumentation(_ f: RepoFile) -> Bool {
        guard f.kind == .markdown || f.kind == .restructuredText, !f.isVendored else { return false }
        if f.name.lowercased().hasPrefix("readme") { return true }
        return f.components.dropLast().contains { ["docs", "doc"].contains($0.lowercased()) }
    }

    /// One broken link: the Markdown line and the target as written and resolved.
    package struct Broken: Sendable, Equatable {
        package var path: String
        package var line: Int
        package var target: String
        /// The listed path the target matches ignoring letter case, when there is one.
        package var caseOnly: String?
        /// The target read from the repository root when it exists there (a root-relative link in a sub-folder
        /// page), else a moved file: the one listed file with the target's name whose parent folder has the
        /// target's parent's name (`img/arch.png` now at `docs/img/arch.png`), when there is exactly one.
        package var moved: String? = nil
        /// The repository path the link certainly meant (the case-only match, else the moved file).
        package var certainTarget: String? { caseOnly ?? moved }
    }

    /// A link written relative to the repository root from a page in a folder (`evaluation/x` inside
    /// `evaluation/README.md`): the path it names from the root, when that exists.
    static func rootRelative(_ target: String, exists: (String) -> Bool) -> String? {
        guard !target.hasPrefix("../"), let r = resolve(target, from: []), !r.isEmpty, exists(r) else { return nil }
        return r
    }

    /// The one listed file named like `resolved` whose parent folder has the same name as `resolved`'s parent.
    static func movedFile(_ resolved: String, byName: [String: [String]]) -> String? {
        let parts = resolved.split(separator: "/")
        guard parts.count >= 2, let name = parts.last, name.contains(".") else { return nil }
        let parent = parts[parts.count - 2]
        guard let same = byName[String(name)], same.count == 1 else { return nil }
        let other = same[0].split(separator: "/")
        return other.count >= 2 && other[other.count - 2] == parent ? same[0] : nil
    }

    /// The relative link targets of Markdown `lines`, with their 1-based line numbers; fenced blocks and inline code
    /// are skipped.
    package static func targets(_ lines: [Substring]) -> [(line: Int, target: String)] {
        var out: [(Int, String)] = []
        var fence: String? = nil
        for (i, raw) in lines.enumerated() {
            // Every construct below needs one of these ASCII bytes (a fence `` ` `` or `~`, a reference definition
            // `[`, a link `](`, a tag `<`): a line without any of them opens, closes and links nothing. Most prose
            // lines end here, before the Character-level work.
            let marks = LineMarks(raw)
            guard marks.any else { continue }
            let body = raw.drop { $0 == " " || $0 == "\t" }
            if let f = fence {
                if body.hasPrefix(f) { fence = nil }
                continue
            }
            if body.hasPrefix("```") || body.hasPrefix("~~~") {
                fence = String(body.prefix(3))
                continue
            }
            // `[label]: path "title"` reference definitions (not `[^1]:` footnotes).
            // The pattern needs `[` first and `]:` somewhere, so the regular expression only runs on such lines.
            if body.utf8.first == UInt8(ascii: "["), marks.closeColon,
                let r = String(body).firstMatchRange(#"^\[[^\]^][^\]]*\]:\s+\S+"#),
                raw.count - body.count <= 3
            {
                let text = String(body)
                let def = text[r]
                let dest = def.range(of: "]:").map { String(def[$0.upperBound...]) } ?? ""
                if let target = cleaned(dest) { out.append((i + 1, target)) }
                continue
            }
            // HTML `<img src="...">`, `<a href="...">`, `<source src="...">` outside inline code.
            if marks.angle {
                for target in htmlTargets(withoutInlineCode(raw)) { out.append((i + 1, target)) }
            }
            // A `](` pair of Characters is the byte pair `](`: a line without it holds no inline link.
            guard marks.closeParen else { continue }
            let chars = Array(raw)
            var k = 0
            var inCode = false
            while k < chars.count {
                let c = chars[k]
                if c == "`" { inCode.toggle() }
                if !inCode, c == "]", k + 1 < chars.count, chars[k + 1] == "(" {
                    var depth = 1
                    var j = k + 2
                    var t: [Character] = []
                    while j < chars.count {
                        if chars[j] == "(" { depth += 1 }
                        if chars[j] == ")" {
                            depth -= 1
                            if depth == 0 { break }
                        }
                        t.append(chars[j])
                        j += 1
                    }
                    if j < chars.count, let target = cleaned(String(t)) { out.append((i + 1, target)) }
                    k = j
                }
                k += 1
            }
        }
        return out
    }

    /// Which of the ASCII marks `targets` looks for a line holds, from one pass over its UTF-8 bytes.
    struct LineMarks {
        /// `` ` ``, `~`, `[`, `]` or `<` somewhere.
        var any = false
        /// `<` somewhere.
        var angle = false
        /// The byte pair `](` somewhere.
        var closeParen = false
        /// The byte pair `]:` somewhere.
        var closeColon = false

        init(_ line: Substring) {
            var previous: UInt8 = 0
            for b in line.utf8 {
                switch b {
                case UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "["), UInt8(ascii: "]"): any = true
                case UInt8(ascii: "<"):
                    any = true
                    angle = true
                case UInt8(ascii: "("): if previous == UInt8(ascii: "]") { closeParen = true }
                case UInt8(ascii: ":"): if previous == UInt8(ascii: "]") { closeColon = true }
                default: break
                }
                previous = b
            }
        }
    }

    /// The line with its inline code spans (`` `...` ``) blanked.
    static func withoutInlineCode(_ line: Substring) -> String {
        var out = ""
        var inCode = false
        for c in line {
            if c == "`" { inCode.toggle() }
            out.append(inCode || c == "`" ? " " : c)
        }
        return out
    }

    /// The relative `src`/`href` targets of the HTML tags (`img`, `a`, `source`, `video`) on one line.
    static func htmlTargets(_ line: String) -> [String] {
        let pattern = #"<(?:img|a|source|video)\b[^>]*?\s(?:src|href)\s*=\s*["']([^"']+)["']"#
        guard let regex = RegexCache.shared.regex(pattern, caseInsensitive: true) else { return [] }
        let ns = line as NSString
        return regex.matches(in: line, range: NSRange(location: 0, length: ns.length)).compactMap { m in
            cleaned(ns.substring(with: m.range(at: 1)))
        }
    }

    /// The relative paths of reStructuredText `image`, `figure`, `include` and `literalinclude` directives.
    package static func rstTargets(_ lines: [Substring]) -> [(line: Int, target: String)] {
        var out: [(Int, String)] = []
        for (i, raw) in lines.enumerated() {
            let body = raw.drop { $0 == " " || $0 == "\t" }
            guard body.hasPrefix(".. ") else { continue }
            for directive in ["image", "figure", "include", "literalinclude"] {
                let head = ".. \(directive)::"
                guard body.hasPrefix(head) else { continue }
                let dest = body.dropFirst(head.count).trimmingCharacters(in: .whitespaces)
                // `<isonum.txt>`: a file of docutils' own standard set, not a repository path.
                if !dest.contains(" "), !dest.hasPrefix("<"), let target = cleaned(dest) { out.append((i + 1, target)) }
            }
        }
        return out
    }

    /// The relative path a raw link destination names, or nil for web, mail, anchor-only, absolute and templated
    /// destinations. Drops a `"title"`, `<>` brackets, `#anchor` and `?query`; decodes `%20`.
    static func cleaned(_ raw: String) -> String? {
        var t = raw.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("<"), let close = t.firstIndex(of: ">") {
            t = String(t[t.index(after: t.startIndex)..<close])
        } else if let space = t.firstIndex(where: \.isWhitespace) {
            t = String(t[..<space])
        }
        if let cut = t.firstIndex(where: { $0 == "#" || $0 == "?" }) { t = String(t[..<cut]) }
        guard !t.isEmpty, !t.hasPrefix("/"), !t.hasPrefix("\\") else { return nil }
        if t.contains("{{") || t.contains("{%") || t.contains("$") || t.contains("<") { return nil }
        // A scheme (`https:`, `mailto:`, `data:`) before any slash: not a repository path.
        if let colon = t.firstIndex(of: ":"), !t[..<colon].contains("/") { return nil }
        return t.removingPercentEncoding ?? t
    }

    /// `target` resolved against `directory` (repository-relative); nil when it leaves the root.
    static func resolve(_ target: String, from directory: [Substring]) -> String? {
        var parts = directory.map(String.init)
        for p in target.split(separator: "/", omittingEmptySubsequences: true) {
            if p == "." { continue }
            if p == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(String(p))
            }
        }
        return parts.joined(separator: "/")
    }

    /// True when `relative` exists under `root` without following any symbolic link: every folder on the way must
    /// be a real folder (a link there could lead outside the root, so the answer is "exists": not judged).
    static func existsOnDisk(root: URL, _ relative: String) -> Bool {
        var path = root.path
        let parts = relative.split(separator: "/")
        for (n, p) in parts.enumerated() {
            path += "/" + p
            var st = stat()
            guard lstat(path, &st) == 0 else { return false }
            let type = st.st_mode & S_IFMT
            if type == S_IFLNK { return true }
            if n < parts.count - 1 && type != S_IFDIR { return false }
        }
        return true
    }

    /// True when the first segment of `target` reads as a host name (`github.com/org/repo`, `discord.gg/x`): a web
    /// address written without its scheme, which GitHub resolves as a repository path.
    static func looksLikeHost(_ target: String) -> Bool {
        let parts = target.split(separator: "/")
        guard parts.count >= 2, let host = parts.first, let dot = host.lastIndex(of: ".") else { return false }
        let tld = host[host.index(after: dot)...]
        return (2...6).contains(tld.count) && tld.allSatisfy(\.isLetter) && !host.hasPrefix(".")
            && !["md", "py", "rst", "txt", "html", "ipynb", "yaml", "json"].contains(tld.lowercased())
    }

    /// `resolved` moved from the language folder of `directory` (a 2-letter code, `zh-hant`, `pt-BR`) to its `en`
    /// sibling, when the Markdown file sits in a translated tree beside an English one.
    static func englishTwin(_ resolved: String, of directory: [Substring], folders: Set<String>) -> String? {
        for (i, c) in directory.enumerated() {
            let lang = c.split(whereSeparator: { $0 == "-" || $0 == "_" })
            guard let head = lang.first, head.count == 2, head.allSatisfy(\.isLowercase), lang.count <= 2, c != "en"
            else { continue }
            let parent = directory[..<i].joined(separator: "/")
            let prefix = parent.isEmpty ? String(c) : parent + "/" + c
            let english = parent.isEmpty ? "en" : parent + "/en"
            guard folders.contains(english), resolved.hasPrefix(prefix + "/") else { continue }
            return english + resolved.dropFirst(prefix.count)
        }
        return nil
    }

    /// Every broken relative link in README and docs Markdown, in path then line order.
    /// Computed once per audit (the check and MLD227's proposer both ask).
    package static func broken(_ context: FindingContext) -> [Broken] {
        context.facts.memo("MLA134.broken") { computeBroken(context) }
    }

    private static func computeBroken(_ context: FindingContext) -> [Broken] {
        let facts = context.facts
        var known = Set(facts.files.map(\.path))
        known.formUnion(facts.snapshot.skipped.map(\.path))
        var folders = Set<String>([""])
        for p in known {
            var parts = p.split(separator: "/").dropLast()
            while !parts.isEmpty {
                guard folders.insert(parts.joined(separator: "/")).inserted else { break }
                parts = parts.dropLast()
            }
        }
        var lowered: [String: String] = [:]
        for p in known.union(folders).sorted() where lowered[p.lowercased()] == nil { lowered[p.lowercased()] = p }
        func exists(_ p: String) -> Bool { known.contains(p) || folders.contains(p) }
        var byName: [String: [String]] = [:]
        for f in facts.files where !f.isVendored { byName[String(f.name), default: []].append(f.path) }
        var out: [Broken] = []
        var seen = Set<String>()
        for f in facts.files where isDocumentation(f) && !context.isOutOfScope(f.path) {
            let directory = Array(f.components.dropLast())
            let lines = facts.lines(f.path)
            for (line, target) in f.kind == .restructuredText ? rstTargets(lines) : targets(lines) {
                guard let resolved = resolve(target, from: directory) else { continue }
                if exists(resolved) { continue }
                // Docs generators link pages by their rendered name: `page`, `page.html` for page.md/.rst/.ipynb.
                func rendered(_ r: String) -> Bool {
                    if exists(r) { return true }
                    let stem = r.hasSuffix(".html") ? String(r.dropLast(5)) : r
                    return [".md", ".mdx", ".rst", ".ipynb", ".txt"].contains { exists(stem + $0) }
                }
                if rendered(resolved) { continue }
                // A translated docs tree (`docs/source/ja/`) beside an `en` one links pages not translated yet: the
                // page exists in the source language, a translation gap rather than a dead link.
                if let en = englishTwin(resolved, of: directory, folders: folders), rendered(en) { continue }
                if existsOnDisk(root: facts.root, resolved) { continue }
                guard seen.insert("\(f.path):\(line):\(target)").inserted else { continue }
                let caseOnly = lowered[resolved.lowercased()]
                out.append(
                    Broken(
                        path: f.path, line: line, target: target, caseOnly: caseOnly,
                        moved: caseOnly == nil
                            ? rootRelative(target, exists: exists) ?? movedFile(resolved, byName: byName) : nil))
            }
        }
        return out
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let found = Self.broken(context)
        guard !found.isEmpty else { return [] }
        let shown = found.prefix(3).map { b in
            "\(b.path):\(b.line) → \(b.target)"
                + (b.caseOnly.map { " (only the case differs from \($0): broken on Linux)" }
                    ?? (Self.looksLikeHost(b.target) ? " (a web address without https://)" : ""))
        }
        let more = found.count > 3 ? "; +\(found.count - 3) more" : ""
        // The root README is the page every newcomer reads first.
        let rootReadme = found.contains { !$0.path.contains("/") }
        var cited = Set<String>()
        let lines = found.filter { cited.insert("\($0.path):\($0.line)").inserted }
        return [
            FindingHit(
                title:
                    "\(found.count) documentation link(s) point at paths not in the repository (\(shown.joined(separator: "; "))\(more))",
                evidence: lines.map { context.facts.evidence($0.path, $0.line) }, strength: .configuration,
                severity: rootReadme ? .medium : nil)
        ]
    }
}
