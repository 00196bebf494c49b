import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// `.lstrip("word")` becomes `.removeprefix("word")` and `.rstrip("word")` `.removesuffix("word")` at the sites MLA147
/// cites; `.strip("word")` only when the word is shaped as one of the two (`test_`, `http://`, `module.` read as prefixes,
/// `.json`, `_model` as suffixes). Only when the repository declares Python >= 3.9 (where those methods exist), only
/// where the call occurs once on its line, never on pandas' `.str` accessor.
package struct StripAffixProposer: DiffProposer {
    package let code = DiffCode.mld233
    package let findings: [FindingCode] = [.mla147]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 16
    /// Characters that end a prefix or begin a suffix shaped as one (`test_`, `http://`, `.json`, `-v2`).
    static let separators: Set<Character> = ["_", "-", "/", ":", "."]

    /// The replacement method for a site, nil when the intent is not certain or the rewrite would change nothing the
    /// code sees. The rewrite changes a result only where the text next to the affix can begin with the affix's own
    /// characters: after a separator-shaped affix (`module.`, `test_`, `.wav`) comes an identifier or a name
    /// (`module.decoder` -> `coder`), but after a bare word (`lstrip("the")` on "the answer is", `strip("json")` on a
    /// fenced block) comes a blank or a newline the set does not hold, so `removeprefix` gives the same bytes.
    package static func replacement(method: String, word: String) -> String? {
        switch method {
        case "lstrip": return word.last.map { separators.contains($0) } == true ? "removeprefix" : nil
        case "rstrip": return word.first.map { separators.contains($0) } == true ? "removesuffix" : nil
        default:
            let prefixShaped = word.last.map { separators.contains($0) } ?? false
            let suffixShaped = word.first.map { "._".contains($0) } ?? false
            if prefixShaped == suffixShaped { return nil }
            return prefixShaped ? "removeprefix" : "removesuffix"
        }
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard let declared = DeclaredPython.read(context), declared.minor >= 9 else { return nil }
        var byPath: [String: [StripWithWordCheck.Site]] = [:]
        for s in StripWithWordCheck.sites(context).prefix(Self.maxSites) where !s.callee.contains(".str.") {
            byPath[s.path, default: []].append(s)
        }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        for path in byPath.keys.sorted() {
            guard var editor = context.editor(path) else { continue }
            for s in byPath[path]! {
                guard let new = Self.replacement(method: s.method, word: s.word) else { continue }
                let old = editor.line(s.line)
                let needle = ".\(s.method)(\(s.literal))"
                guard old.components(separatedBy: needle).count == 2 else { continue }
                let edited = old.replacingOccurrences(of: needle, with: ".\(new)(\(s.literal))")
                guard LineLengthPolicy.allows(edited, replacing: old, in: context.facts) else { continue }
                editor.replace(line: s.line - 1, with: edited)
                cited.append("\(path):\(s.line)")
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Remove \(cited.count) prefix/suffix with `removeprefix`/`removesuffix` instead of stripping its characters (\(FindingContext.fileSummary(paths)))",
            why:
                "`strip`/`lstrip`/`rstrip` at \(cited.prefix(3).joined(separator: ", ")) remove any run of the argument's characters, not the word: a name that begins or ends with one of its letters loses more than the affix. \(declared.path):\(declared.line) declares Python \(declared.specifier), which has `str.removeprefix`/`removesuffix` (3.9).",
            risk:
                "Values that carried the affix once come out the same; values where stripping also ate neighbouring letters (or repeated affixes) now keep them, which is what the code means. The receiver must be a str or bytes.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "`python3 -c \"assert 'test_dataset'.removeprefix('test_') == 'dataset'\"` shows the behaviour.",
            files: files)
    }
}
