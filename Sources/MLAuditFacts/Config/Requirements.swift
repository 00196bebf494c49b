import Foundation
import MLAuditKit

/// The one reader of requirements files' pins (MLA107, MLA108 and the reproducibility checklist): backslash
/// continuations joined, comments (` #`) and options (`-r`, `--index-url`, ...) left out, environment markers cut.
package enum Requirements {
    /// One requirement: its 1-based line, its text (comment removed), name, and whether it pins an exact version
    /// (`==`, `--hash`, or a URL naming one artefact: see `pinsByURL`).
    package struct Entry {
        package var line: Int
        package var text: String
        package var name: String
        package var pinned: Bool
    }

    package static func entries(_ lines: [Substring]) -> [Entry] {
        var out: [Entry] = []
        var i = 0
        while i < lines.count {
            let start = i
            var text = String(lines[i])
            while text.hasSuffix("\\"), i + 1 < lines.count {
                text.removeLast()
                i += 1
                text += " " + lines[i]
            }
            i += 1
            if let hash = text.range(of: " #") ?? (text.hasPrefix("#") ? text.range(of: "#") : nil) {
                text = String(text[..<hash.lowerBound])
            }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("-") { continue }
            let spec = trimmed.split(separator: ";", maxSplits: 1).first.map(String.init) ?? trimmed
            let name = String(spec.prefix { $0.isLetter || $0.isNumber || "-_.[]".contains($0) })
            guard !name.isEmpty else { continue }
            let pinned = spec.contains("==") || trimmed.contains("--hash") || pinsByURL(spec)
            out.append(Entry(line: start + 1, text: trimmed, name: name, pinned: pinned))
        }
        return out
    }

    /// A URL requirement (`name @ URL` or a bare URL) pins when it names one artefact: a VCS URL with an `@ref`
    /// after the repository path (`git+https://host/o/r.git@v1.2`), an archive file (`.whl`, `.tar.gz`, `.zip`), or a
    /// local `file:` reference.
    /// A VCS URL without a ref follows the default branch, so it pins nothing.
    package static func pinsByURL(_ spec: String) -> Bool {
        guard let scheme = spec.range(of: "://") else { return false }
        let start =
            spec[..<scheme.lowerBound].lastIndex(where: { $0 == " " || $0 == "@" }).map { spec.index(after: $0) }
            ?? spec.startIndex
        let url =
            spec[start...].prefix { !$0.isWhitespace }.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
        let lower = url.lowercased()
        if ["git+", "hg+", "svn+", "bzr+"].contains(where: { lower.hasPrefix($0) }) {
            let afterScheme = url[url.range(of: "://")!.upperBound...]
            guard let slash = afterScheme.firstIndex(of: "/") else { return false }
            return afterScheme[slash...].contains("@")
        }
        if lower.hasPrefix("file:") { return true }  // one local artefact (pip freeze of a local build)
        return [".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2"].contains { lower.hasSuffix($0) }
    }
}
