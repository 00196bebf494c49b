import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// A test MLA139 finds defined twice in one scope (with different bodies: a copy-pasted test whose name was not
/// changed): the second gets a name of its own, named by what it tests differently, so pytest collects both. The
/// distinguishing word is one the second body has and the first lacks that the file's other test names already use
/// (`model_type='ctc'` in a file of `test_ctc_*` tests: `test_rnnt_add_multiple_results` becomes
/// `test_ctc_add_multiple_results`), read in code only (docstrings and comments say little about what differs); a
/// counter suffix (`_2`) hides what the copy tests, so without such a word there is no diff. Non-test functions and names
/// used elsewhere in the file are left to the maintainer.
package struct DuplicateTestRenameProposer: DiffProposer {
    package let code = DiffCode.mld225
    package let findings: [FindingCode] = [.mla139]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 10

    static let commonWords: Set<String> = [
        "self", "assert", "true", "false", "none", "def", "return", "in", "for", "if", "else", "elif", "not", "and",
        "or", "is", "with", "as", "import", "from", "lambda", "yield", "test", "tests", "pytest", "mark", "raises",
        "torch", "tensor", "device", "np", "numpy", "list", "dict", "len", "range", "print", "expected", "actual",
    ]

    /// Lowercase words of a body (identifier parts split at `_` and non-letters), in order of first appearance.
    static func words(_ body: [Substring]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for line in body {
            for w in line.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
                let word = String(w)
                guard word.count >= 2, word.count <= 20, word.first!.isLetter, !seen.contains(word) else { continue }
                seen.insert(word)
                out.append(word)
            }
        }
        return out
    }

    /// Words inside the string literals of a body (`'ctc'`, `"offline"`).
    static func literalWords(_ body: [Substring]) -> Set<String> {
        var out = Set<String>()
        for line in body {
            let parts =
                line.split(separator: "'", omittingEmptySubsequences: false)
                + line.split(separator: "\"", omittingEmptySubsequences: false)
            for (i, part) in parts.enumerated() where i % 2 == 1 { out.formUnion(words([part])) }
        }
        return out
    }

    /// A body's code lines: docstrings and comments left out (what a test says about itself is not what it tests).
    static func code(_ body: [Substring]) -> [Substring] {
        var out: [Substring] = []
        var inString: String?
        for line in body {
            if let q = inString {
                if line.contains(q) { inString = nil }
                continue
            }
            if let q = ["\"\"\"", "'''"].first(where: { line.hasPrefix($0) }) {
                if line.dropFirst(3).contains(q) == false { inString = q }
                continue
            }
            if line.hasPrefix("#") { continue }
            out.append(line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? line)
        }
        return out
    }

    /// The second copy's name by content (see the type's documentation); nil when nothing tells the copies apart.
    static func contentName(_ p: ShadowedDefinitionCheck.Pair, lines: [Substring], otherNames: [String]) -> String? {
        let first = code(ShadowedDefinitionCheck.body(p.first, lines))
        let second = code(ShadowedDefinitionCheck.body(p.second, lines))
        let firstWords = Set(words(first))
        let nameParts = p.second.name.lowercased().split(separator: "_").map(String.init)
        let onlySecond = words(second).filter {
            !firstWords.contains($0) && !commonWords.contains($0) && !nameParts.contains($0)
        }
        let vocabulary = Set(otherNames.flatMap { $0.lowercased().split(separator: "_").map(String.init) })
        let literals = literalWords(second)
        guard
            let word = onlySecond.first(where: { vocabulary.contains($0) && literals.contains($0) })
                ?? onlySecond.first(where: vocabulary.contains)
        else { return nil }
        let secondWords = Set(words(second))
        var parts = p.second.name.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        let others = otherNames.map { $0.lowercased().split(separator: "_", omittingEmptySubsequences: false) }
        // The variant slot: other tests carry `word` at a position where this name has another variant of the same
        // slot (`test_ctc_*` beside `test_rnnt_*`): replace that part. Else a name part only the first body has
        // (`online` when the first copy tests the online clusterer). Else the word goes first.
        // Alternatives of one slot: two other names identical but for that part (`test_ctc_instantiate` and
        // `test_rnnt_instantiate`).
        func alternatives(_ a: String, _ b: String, at i: Int) -> Bool {
            let withA = others.filter { $0.count > i && $0[i] == a }
            return withA.contains { x in
                others.contains { y in
                    y.count == x.count && y[i] == b && y.indices.allSatisfy { $0 == i || y[$0] == x[$0] }
                }
            }
        }
        if let i = parts.indices.dropFirst().first(where: { i in
            parts[i].lowercased() != word && alternatives(word, parts[i].lowercased(), at: i)
        }) {
            parts[i] = word
        } else if let i = parts.indices.dropFirst().first(where: {
            firstWords.contains(parts[$0].lowercased()) && !secondWords.contains(parts[$0].lowercased())
        }) {
            parts[i] = word
        } else {
            parts.insert(word, at: min(1, parts.count))
        }
        return parts.joined(separator: "_")
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        var byPath: [String: [ShadowedDefinitionCheck.Pair]] = [:]
        for p in ShadowedDefinitionCheck.pairs(context) where p.isTest && p.module.path.hasSuffix(".py") {
            byPath[p.module.path, default: []].append(p)
        }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        var count = 0
        for path in byPath.keys.sorted() {
            guard count < Self.maxSites, var editor = context.editor(path), let text = context.facts.text(path) else {
                continue
            }
            let module = byPath[path]![0].module
            var taken = Set(module.functions.map(\.name))
            for p in byPath[path]! where count < Self.maxSites {
                // The name must appear nowhere but on the two def lines (no reference would follow the rename).
                let occurrences = text.components(separatedBy: p.second.name).count - 1
                guard occurrences == 2 else { continue }
                let lines = context.facts.lines(path)
                guard
                    let new = Self.contentName(
                        p, lines: lines, otherNames: module.functions.map(\.name).filter { $0 != p.second.name }),
                    !taken.contains(new), !text.contains(new)
                else { continue }
                let line = editor.line(p.second.span.start)
                guard let r = line.range(of: "def \(p.second.name)(") else { continue }
                editor.replace(
                    line: p.second.span.start - 1, with: line.replacingCharacters(in: r, with: "def \(new)("))
                taken.insert(new)
                cited.append(
                    "`\(p.second.qualifiedName)` \(path):\(p.first.span.start) and :\(p.second.span.start) (second renamed `\(new)`)"
                )
                count += 1
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title:
                "Rename \(cited.count) duplicated test(s) so pytest runs both copies (\(FindingContext.fileSummary(paths)))",
            why:
                "Each test is defined twice in the same scope with different bodies: \(cited.prefix(2).joined(separator: "; ")). Python keeps the second definition, so the first test has never run.",
            risk:
                "The test that never ran now runs and may fail: that failure is a real regression it was meant to catch, or a test that needs updating.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "`pytest --collect-only -q` on each file now lists both tests.",
            files: files)
    }
}
