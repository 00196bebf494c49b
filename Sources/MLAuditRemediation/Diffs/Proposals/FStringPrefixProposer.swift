import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport
import MLAuditRules

/// The string pieces MLA153 cites get the `f` prefix (`"..."` -> `f"..."`, `r"..."` -> `rf"..."`): every `{...}` in
/// them is a field naming a variable bound there, with no escaped braces, so nothing else in the text changes.
/// Each site is a one-character insertion, so the diff makes the whole mechanical change in one pass (a maintainer
/// asks for every site in one PR, not a first slice): up to `maxSites` sites in `maxFiles` files, product code first,
/// then example and benchmark code, each in path and line order. A site is left out (and named) when one of its
/// pieces is a `u"..."` string (no `uf` prefix exists) or not found exactly once on its line, when the prefix would
/// take its line over the repository's line length and the string cannot be wrapped at its spaces (`wrap`), or when it sits in a `# Copied from` block whose source or other
/// copies are not fixed with it (`CopyGroups`: the repository's `fix-copies` check must stay clean), or in a file with
/// CR line ends (no diff edits one). Folders closed to
/// changes never reach it (MLA153's sites come from the context's in-scope sources).
package struct FStringPrefixProposer: DiffProposer {
    package let code = DiffCode.mld238
    package let findings: [FindingCode] = [.mla153]
    package let subfeatures: [Subfeature] = []

    package static let maxSites = 80
    package static let maxFiles = 60

    /// `line` with `f` put before the one occurrence of the piece's first line, or nil.
    package static func rewrite(_ line: String, piece: String) -> String? {
        let head = String(piece.prefix { $0 != "\n" })
        guard !head.lowercased().hasPrefix("u"), let r = line.range(of: head),
            line.range(of: head, range: r.upperBound..<line.endIndex) == nil
        else { return nil }
        // The piece must start a token: not preceded by a letter, digit, underscore or quote.
        if r.lowerBound > line.startIndex {
            let before = line[line.index(before: r.lowerBound)]
            if before.isLetter || before.isNumber || before == "_" || before == "\"" || before == "'" { return nil }
        }
        var out = line
        out.insert("f", at: r.lowerBound)
        return out
    }

    /// A string piece alone on its line inside brackets, which the prefix would take over `limit`, split at spaces
    /// into implicitly concatenated pieces that each fit: the way a maintainer wraps a long message. A piece holding a
    /// field gets the `f`; one without keeps its plain form (an `f` with no field is ruff's and flake8's F541). The
    /// space stays at the end of the piece before a split; no split follows a backslash or falls inside a field. Nil
    /// when the line is not such a piece, the string is triple-quoted, or one word is too long to fit.
    package static func wrap(_ line: String, piece: String, limit: Int, previous: String) -> String? {
        let indent = SourceEditor.indentation(line)
        let rest = line.dropFirst(indent.count)
        let trailing = rest == piece + "," ? "," : ""
        let before = previous.trimmingCharacters(in: .whitespaces)
        guard rest == piece || !trailing.isEmpty, let last = before.last, "([{,".contains(last) else { return nil }
        let prefix = String(piece.prefix { $0.isLetter })
        let quoted = piece.dropFirst(prefix.count)
        guard let quote = quoted.first, quote == "\"" || quote == "'", quoted.count >= 2, quoted.last == quote,
            !quoted.hasPrefix(String(repeating: quote, count: 3))
        else { return nil }
        let body = Array(quoted.dropFirst().dropLast())
        // Units end after a space outside a field that does not follow a backslash.
        var units: [String] = []
        var current = ""
        var depth = 0
        for (i, c) in body.enumerated() {
            current.append(c)
            if c == "{" { depth += 1 }
            if c == "}" { depth -= 1 }
            if c == " ", depth == 0, i > 0, body[i - 1] != "\\", i + 1 < body.count, body[i + 1] != " " {
                units.append(current)
                current = ""
            }
        }
        if !current.isEmpty { units.append(current) }
        func render(_ text: String, last: Bool) -> String {
            indent + (text.contains("{") ? "f" : "") + prefix + String(quote) + text + String(quote)
                + (last ? trailing : "")
        }
        var chunks: [String] = []
        var chunk = ""
        for (i, unit) in units.enumerated() {
            let isLast = i == units.count - 1
            if !chunk.isEmpty, render(chunk + unit, last: isLast).count > limit {
                chunks.append(chunk)
                chunk = ""
            }
            chunk += unit
        }
        if !chunk.isEmpty { chunks.append(chunk) }
        let out = chunks.enumerated().map { render($0.element, last: $0.offset == chunks.count - 1) }
        guard chunks.count >= 2, out.allSatisfy({ $0.count <= limit }) else { return nil }
        return out.joined(separator: "\n")
    }

    /// Why a site is not in the diff.
    enum Left: String, CaseIterable {
        case cap = "past the diff's size bound"
        case unrewritable = "a piece the prefix cannot be put on: `u\"...\"`, or its text repeated on its line"
        case lineLength = "the prefix would take the line over the repository's line length, and it cannot be wrapped"
        case copyGroup = "in a `# Copied from` block whose source or other copies are not fixed with it"
        case crLineEnds = "in a file with CR line ends, which no diff edits"
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        // Product code first (what users run), then example and benchmark code, each in path and line order.
        let ordered = MissingFStringPrefixCheck.sites(context).filter {
            $0.path.hasSuffix(".py")
        }.sorted {
            let a = FindingRelevance.isPeripheral($0.path)
            let b = FindingRelevance.isPeripheral($1.path)
            return a != b ? !a : ($0.path, $0.line) < ($1.path, $1.line)
        }
        var left: [Left: [String]] = [:]
        var chosen: [(site: MissingFStringPrefixCheck.Site, edits: [(Int, String)])] = []
        var files = Set<String>()
        var editors: [String: SourceEditor] = [:]
        for s in ordered {
            let name = "\(s.path):\(s.pieces.first?.line ?? s.line)"
            guard chosen.count < Self.maxSites, files.contains(s.path) || files.count < Self.maxFiles else {
                left[.cap, default: []].append(name)
                continue
            }
            if editors[s.path] == nil { editors[s.path] = context.editor(s.path) }
            guard let editor = editors[s.path] else {
                left[.crLineEnds, default: []].append(name)
                continue
            }
            // All pieces of a site or none: a message half prefixed would read worse than before.
            var edits: [(Int, String)] = []
            var reason: Left?
            for (n, piece) in s.pieces {
                let old = edits.last { $0.0 == n }?.1 ?? editor.line(n)
                guard let edited = Self.rewrite(old, piece: piece) else {
                    reason = .unrewritable
                    break
                }
                if !LineLengthPolicy.allows(edited, replacing: editor.line(n), in: context.facts) {
                    // One piece per line only: a wrapped piece cannot share its line with another one.
                    guard s.pieces.count == 1, let limit = LineLengthPolicy.read(context.facts)?.limit,
                        let wrapped = Self.wrap(old, piece: piece, limit: limit, previous: editor.line(n - 1))
                    else {
                        reason = .lineLength
                        break
                    }
                    edits.append((n, wrapped))
                    continue
                }
                edits.removeAll { $0.0 == n }
                edits.append((n, edited))
            }
            // Two statements sharing a line are left to the maintainer rather than edited twice.
            if reason == nil,
                edits.contains(where: { e in
                    chosen.contains { $0.site.path == s.path && $0.edits.contains { $0.0 == e.0 } }
                })
            {
                reason = .unrewritable
            }
            if let reason {
                left[reason, default: []].append(name)
                continue
            }
            chosen.append((s, edits))
            files.insert(s.path)
        }
        let editable = CopyGroups.read(context.facts).editable(chosen.map { ($0.site.path, $0.site.line) })
        var cited: [String] = []
        var fixedPaths: [String] = []
        for (i, c) in chosen.enumerated() {
            let name = "\(c.site.path):\(c.site.pieces.first?.line ?? c.site.line)"
            guard editable[i] else {
                left[.copyGroup, default: []].append(name)
                continue
            }
            guard var editor = editors[c.site.path] else { continue }
            for (n, text) in c.edits { editor.replace(line: n - 1, with: text) }
            editors[c.site.path] = editor
            cited.append(name)
            if fixedPaths.last != c.site.path { fixedPaths.append(c.site.path) }
        }
        let proposalFiles = fixedPaths.compactMap { editors[$0] }.filter(\.hasEdits).map { DiffProposal.File($0) }
        guard !proposalFiles.isEmpty else { return nil }
        let paths = proposalFiles.map(\.path)
        let total = cited.count + left.values.reduce(0) { $0 + $1.count }
        let wrappedCount = chosen.indices.filter { i in editable[i] && chosen[i].edits.contains { $0.1.contains("\n") }
        }.count
        let limit = LineLengthPolicy.read(context.facts)?.limit ?? 0
        let wrapNote =
            switch wrappedCount {
            case 0: ""
            case 1:
                " One of them, on a line the prefix would take past the repository's \(limit) columns, is split at spaces into implicitly joined pieces (`f` only on the pieces with a field)."
            default:
                " \(wrappedCount) of them, on lines the prefix would take past the repository's \(limit) columns, are split at spaces into implicitly joined pieces (`f` only on the pieces with a field)."
            }
        let scope =
            total == 1
            ? ""
            : cited.count == total
                ? " The diff fixes all \(total) sites, in \(paths.count) file(s), in one pass."
                : " The diff fixes \(cited.count) of the \(total) sites, in \(paths.count) file(s)."
        let leftText = Left.allCases.compactMap { reason -> String? in
            guard let names = left[reason], !names.isEmpty else { return nil }
            return
                " \(names.count) left (\(reason.rawValue)): \(names.prefix(6).joined(separator: ", "))\(names.count > 6 ? " (+\(names.count - 6) more)" : "")."
        }.joined()
        return DiffProposal(
            title:
                "Add the missing `f` prefix to \(cited.count) message string(s) with `{variable}` fields (\(FindingContext.fileSummary(paths)))",
            why:
                "At \(cited.prefix(3).joined(separator: ", ")) an error, assertion or log message names variables in braces but is a plain string: users see `{name}` instead of the value that explains the failure."
                + scope + wrapNote + leftText,
            risk:
                "Messages only: the same text now shows the values. Each field names a variable bound at that line, so formatting it cannot fail for a missing name; an object whose `__str__`/`__format__` raises would now raise while the message is built.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs:
                "`python3 -m py_compile` of each touched file; trigger one of the messages and read the value in it.",
            files: proposalFiles)
    }
}
