import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts

package enum Requirements {
    /// One requirement of a requirements file: its 1-based line and whether it pins an exact version.
    package struct Entry { package var line: Int; package var name: String; package var pinned: Bool }

    package static func entries(_ lines: [Substring]) -> [Entry] {
        var out: [Entry] = []
        var i = 0
        while i < lines.count {
            let start = i
            var text = String(lines[i])
            while text.hasSuffix("\\"), i + 1 < lines.count { text.removeLast(); i += 1; text += " " + lines[i] }
            i += 1
            if let hash = text.range(of: " #") ?? (text.hasPrefix("#") ? text.range(of: "#") : nil) { text = String(text[..<hash.lowerBound]) }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("-") { continue }
            let spec = trimmed.split(separator: ";", maxSplits: 1).first.map(String.init) ?? trimmed
            let name = String(spec.prefix { $0.isLetter || $0.isNumber || "-_.[]".contains($0) })
            guard !name.isEmpty else { continue }
            let pinned = spec.contains("==") || spec.contains(" @ ") || spec.contains("://") || trimmed.contains("--hash")
            out.append(Entry(line: start + 1, name: name, pinned: pinned))
        }
        return out
    }

    /// Requirements files (not pip-compile inputs, which are meant to hold ranges).
    package static func files(_ context: FindingContext) -> [RepoFile] {
        context.files { $0.kind == .requirements && !$0.isTest && !$0.path.hasSuffix(".in") }
    }
}
