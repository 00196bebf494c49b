import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// A Dockerfile `COPY`/`ADD` of a relative source that exists neither under the repository root nor under the
/// Dockerfile's folder (or a folder between the two): `docker build` stops there with "not found". Left alone:
/// stage copies (`--from=`), build arguments (`$X`), globs, URLs, heredocs, and sources a build script of the
/// repository creates before the build (a name its shell scripts, Makefiles or CI files mention: a generated
/// context such as downloaded test assets).
package struct DockerCopyMissingSourceCheck: FindingCheck {
    package let code = FindingCode.mla142
    package let severity = Severity.medium
    package let capability: Capability? = .deployment
    package let summary = "A Dockerfile copies a file or folder that is not in the repository."
    package let why =
        "`docker build` fails at that line (\"not found\") for anyone building the image from a fresh clone."
    package let fix = "Copy the path the file has now (or add the missing file), or drop the instruction."
    package var triggering: [FindingExample] {
        [
            FindingExample([
                "docker/Dockerfile":
                    "FROM python:3.11\nCOPY requirements.txt /app/\nCOPY configs/ /app/configs/\nCOPY --chown=1000 scripts/entry.sh \\\n    /entry.sh\n",
                "requirements.txt": "torch\n", "scripts/start.sh": "echo\n",
            ])
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                "Dockerfile":
                    "FROM python:3.11 AS build\nARG SRC=app\nCOPY . /app\nCOPY ./requirements.txt /app/\nCOPY $SRC /src\nCOPY *.whl /w/\nADD https://example.com/a.tgz /a\nCOPY --from=build /opt/venv /opt/venv\nCOPY [\"setup.py\", \"/app/\"]\nCOPY <<EOF /etc/x\nhello\nEOF\nCOPY local.txt /x\nCOPY assets/ /opt/data/\n",
                "requirements.txt": "torch\n", "setup.py": "", "local.txt": "x\n",
                "build.sh": "python download.py --out ./assets\ndocker build .\n",
            ]),
            // A Dockerfile in a folder copies what sits beside it.
            FindingExample(["deploy/Dockerfile": "FROM x\nCOPY entry.sh /e\n", "deploy/entry.sh": "echo\n"]),
        ]
    }

    /// One instruction's missing source at its line.
    package struct Missing: Sendable, Equatable {
        package var path: String
        package var line: Int
        package var source: String
    }

    /// Logical instructions (continuation lines joined) with their first line.
    static func instructions(_ lines: [Substring]) -> [(line: Int, text: String)] {
        var out: [(Int, String)] = []
        var current: (Int, String)? = nil
        for (i, raw) in lines.enumerated() {
            let t = raw.trimmingCharacters(in: .whitespaces)
            if current == nil && (t.isEmpty || t.hasPrefix("#")) { continue }
            if current != nil && t.hasPrefix("#") { continue }
            let continues = t.hasSuffix("\\")
            let body = continues ? String(t.dropLast()) : t
            if var c = current {
                c.1 += " " + body
                current = c
            } else {
                current = (i + 1, body)
            }
            if !continues, let c = current {
                out.append(c)
                current = nil
            }
        }
        if let c = current { out.append(c) }
        return out
    }

    /// The local sources of a `COPY`/`ADD` instruction, or [] when it copies from a stage, a URL or a heredoc.
    package static func sources(_ instruction: String) -> [String] {
        var words = instruction.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let verb = words.first?.uppercased(), verb == "COPY" || verb == "ADD" else { return [] }
        words.removeFirst()
        while let w = words.first, w.hasPrefix("--") {
            if w.hasPrefix("--from") { return [] }
            words.removeFirst()
        }
        if instruction.contains("<<") { return [] }
        var args = words
        if let first = args.first, first.hasPrefix("[") {
            // JSON form: ["src", ..., "dest"].
            let joined = args.joined(separator: " ")
            guard let data = joined.data(using: .utf8),
                let list = try? JSONSerialization.jsonObject(with: data) as? [String]
            else { return [] }
            args = list
        }
        guard args.count >= 2 else { return [] }
        return args.dropLast().filter { s in
            !s.contains("$") && !s.contains("://") && !s.hasPrefix("git@") && !s.contains(where: { "*?[".contains($0) })
                && !s.hasPrefix("/")
        }
    }

    /// Names the repository's build scripts mention (shell, Makefiles, CI and compose files): sources they may create.
    static func scriptText(_ context: FindingContext) -> String {
        context.files { f in
            f.kind == .shell || f.kind == .makefile || f.kind == .compose
                || (f.kind == .yaml
                    && (f.path.hasPrefix(".github/") || f.path.hasPrefix(".gitlab") || f.path.contains("ci")))
        }.compactMap { context.facts.text($0.path) }.joined(separator: "\n")
    }

    package static func missing(_ context: FindingContext) -> [Missing] {
        let facts = context.facts
        let dockerfiles = context.files { f in
            f.kind == .dockerfile || f.name.lowercased().hasPrefix("dockerfile-")
        }
        guard !dockerfiles.isEmpty else { return [] }
        var known = Set(facts.files.map(\.path))
        known.formUnion(facts.snapshot.skipped.map(\.path))
        var folders = Set<String>()
        for p in known {
            var parts = p.split(separator: "/").dropLast()
            while !parts.isEmpty {
                guard folders.insert(parts.joined(separator: "/")).inserted else { break }
                parts = parts.dropLast()
            }
        }
        var scripts: String? = nil
        var out: [Missing] = []
        for f in dockerfiles {
            let directory = Array(f.components.dropLast())
            // The build context is the root, the Dockerfile's folder, or a folder between them.
            let contexts = (0...directory.count).map { directory.prefix($0) }
            for (line, text) in instructions(facts.lines(f.path)) {
                for source in sources(text) {
                    let exists = contexts.contains { base in
                        guard let r = BrokenDocLinkCheck.resolve(source, from: Array(base)) else { return true }
                        return r.isEmpty || known.contains(r) || folders.contains(r)
                            || BrokenDocLinkCheck.existsOnDisk(root: facts.root, r)
                    }
                    if exists { continue }
                    // The first missing component of the path, from the root: the name a script would create.
                    let parts = source.split(separator: "/").filter { $0 != "." }
                    let head =
                        parts.indices.first { n in
                            let p = parts[...n].joined(separator: "/")
                            return !known.contains(p) && !folders.contains(p)
                        }.map { String(parts[$0]) } ?? source
                    if scripts == nil { scripts = scriptText(context) }
                    let escaped = NSRegularExpression.escapedPattern(for: head)
                    if scripts!.range(of: #"(^|[\s"'=/])"# + escaped + #"($|[\s"'/])"#, options: .regularExpression)
                        != nil
                    {
                        continue
                    }
                    out.append(Missing(path: f.path, line: line, source: source))
                }
            }
        }
        return out
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let found = Self.missing(context)
        guard !found.isEmpty else { return [] }
        let shown = found.prefix(3).map { "\($0.path):\($0.line) `\($0.source)`" }
        return [
            FindingHit(
                title:
                    "\(found.count) Dockerfile COPY/ADD source(s) not in the repository (\(shown.joined(separator: "; "))\(found.count > 3 ? "; +\(found.count - 3) more" : ""))",
                evidence: found.map { context.facts.evidence($0.path, $0.line) }, strength: .configuration)
        ]
    }
}
