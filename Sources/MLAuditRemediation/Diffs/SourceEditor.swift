import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// A file's lines and the edits proposed on them, applied bottom-up so earlier line numbers stay valid.
/// Edits keep the file's own style: its indentation unit and its preferred quote character.
package struct SourceEditor {
    package let path: String
    package let original: String
    package private(set) var lines: [String]
    package let hasFinalNewline: Bool
    private var edits: [(index: Int, order: Int, apply: (inout [String]) -> Void)] = []
    /// `quote`, read once: `lines` never change after `init`, so copies of the editor share the answer.
    private final class Memo {
        var quote: Character?
    }
    private let memo = Memo()

    /// Nil for files with CR line ends (edits would mix line endings, and line numbers could differ from the reader's).
    package init?(path: String, text: String) {
        guard !text.contains("\r") else { return nil }  // CR line ends would shift line numbers
        self.path = path
        original = text
        var parts = text.componentsSeparatedByNewline()
        hasFinalNewline = text.hasSuffix("\n")
        if hasFinalNewline { parts.removeLast() }
        lines = parts
    }

    // MARK: Edits (0-based line indexes into the original)

    package mutating func insert(_ new: [String], before index: Int) {
        edits.append((index, edits.count, { $0.insert(contentsOf: new, at: min(max(0, index), $0.count)) }))
    }

    package mutating func insert(_ new: [String], after index: Int) { insert(new, before: index + 1) }

    package mutating func replace(line index: Int, with text: String) {
        edits.append((index, edits.count, { if index >= 0 && index < $0.count { $0[index] = text } }))
    }

    package mutating func append(_ new: [String]) { insert(new, before: lines.count) }

    package mutating func remove(line index: Int) {
        edits.append((index, edits.count, { if index >= 0 && index < $0.count { $0.remove(at: index) } }))
    }

    package var hasEdits: Bool { !edits.isEmpty }

    /// The edited text (final newline kept; added when lines were appended to a file without one).
    package var updated: String {
        var out = lines
        for e in edits.sorted(by: { ($0.index, $0.order) > ($1.index, $1.order) }) { e.apply(&out) }
        let appended = edits.contains { $0.index >= lines.count }
        return out.joined(separator: "\n") + (hasFinalNewline || appended ? "\n" : "")
    }

    // MARK: Style

    package static func indentation(_ line: String) -> String { String(line.prefix { $0 == " " || $0 == "\t" }) }

    /// The indentation step the file uses ("    ", "  " or "\t").
    package var indentUnit: String {
        var counts: [String: Int] = [:]
        var previous = ""
        for line in lines where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let ind = Self.indentation(line)
            if ind.count > previous.count && ind.hasPrefix(previous) {
                counts[String(ind.dropFirst(previous.count)), default: 0] += 1
            }
            previous = ind
        }
        return counts.max { ($0.value, $1.key.count) < ($1.value, $0.key.count) }?.key ?? "    "
    }

    /// `'` when single-quoted strings outnumber double-quoted ones in code, else `"`.
    package var quote: Character {
        if let q = memo.quote { return q }
        let q = countedQuote
        memo.quote = q
        return q
    }

    private var countedQuote: Character {
        var single = 0
        var double = 0
        for line in lines {
            let code = Self.codePart(line)
            if code.contains("\"\"\"") || code.contains("'''") { continue }
            single += code.filter { $0 == "'" }.count
            double += code.filter { $0 == "\"" }.count
        }
        return single > double ? "'" : "\""
    }

    package func q(_ s: String) -> String { "\(quote)\(s)\(quote)" }

    // MARK: Scanning

    /// The line without its comment (string-aware, single line).
    package static func codePart(_ line: String) -> String {
        var quoteChar: Character?
        var escaped = false
        var out = ""
        for ch in line {
            if let qc = quoteChar {
                if escaped {
                    escaped = false
                } else if ch == "\\" {
                    escaped = true
                } else if ch == qc {
                    quoteChar = nil
                }
            } else if ch == "#" {
                break
            } else if ch == "'" || ch == "\"" {
                quoteChar = ch
            }
            out.append(ch)
        }
        return out
    }

    /// Position (line, character offset) of the bracket closing the one at (line, offset); string- and comment-aware.
    package func matchingClose(line: Int, offset: Int) -> (line: Int, offset: Int)? {
        var depth = 0
        var quoteChar: Character?
        var triple = false
        var l = line
        var startOffset = offset
        while l < lines.count && l < line + 400 {
            let chars = Array(lines[l])
            var i = startOffset
            while i < chars.count {
                let ch = chars[i]
                if let qc = quoteChar {
                    if ch == "\\" {
                        i += 2
                        continue
                    }
                    if ch == qc {
                        if !triple {
                            quoteChar = nil
                        } else if i + 2 < chars.count && chars[i + 1] == qc && chars[i + 2] == qc {
                            quoteChar = nil
                            i += 3
                            continue
                        }
                    }
                    i += 1
                    continue
                }
                if ch == "#" { break }
                if ch == "'" || ch == "\"" {
                    quoteChar = ch
                    triple = i + 2 < chars.count && chars[i + 1] == ch && chars[i + 2] == ch
                    i += triple ? 3 : 1
                    continue
                }
                if "([{".contains(ch) { depth += 1 }
                if ")]}".contains(ch) {
                    depth -= 1
                    if depth == 0 { return (l, i) }
                    if depth < 0 { return nil }
                }
                i += 1
            }
            if quoteChar != nil && !triple { quoteChar = nil }
            l += 1
            startOffset = 0
        }
        return nil
    }

    /// The "(" of a call to `callee` on 0-based `line`, nearest to `column`.
    package func callOpen(line: Int, callee: String, column: Int) -> Int? {
        guard line < lines.count else { return nil }
        let chars = Array(lines[line])
        let target = Array(callee)
        var best: Int?
        var i = 0
        while i + target.count <= chars.count {
            if Array(chars[i..<(i + target.count)]) == target,
                i == 0
                    || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_" || chars[i - 1] == ".")
            {
                var j = i + target.count
                while j < chars.count && chars[j] == " " { j += 1 }
                if j < chars.count && chars[j] == "(" && (best == nil || abs(i - column) < abs(best! - column)) {
                    best = i
                }
            }
            i += 1
        }
        guard let start = best else { return nil }
        var j = start + target.count
        while chars[j] != "(" { j += 1 }
        return j
    }

    /// Adds `item` as the last element before the closing bracket at `close`, with the commas and line layout of
    /// the existing elements. False when the layout is not one this editor handles (the caller skips the site).
    package mutating func insertElement(_ item: String, beforeClose close: (line: Int, offset: Int)) -> Bool {
        insertElements([item], beforeClose: close)
    }

    package mutating func insertElements(_ items: [String], beforeClose close: (line: Int, offset: Int)) -> Bool {
        guard !items.isEmpty else { return false }
        let item = items.joined(separator: ", ")
        let lineText = lines[close.line]
        let chars = Array(lineText)
        let before = String(chars[..<close.offset])
        if !before.trimmingCharacters(in: .whitespaces).isEmpty {
            let trimmed = before.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            guard let last = trimmed.last else { return false }
            let addition = "([{".contains(last) ? item : last == "," ? " " + item : ", " + item
            replace(line: close.line, with: trimmed + addition + String(chars[close.offset...]))
            return true
        }
        var p = close.line - 1
        while p >= 0
            && (lines[p].trimmingCharacters(in: .whitespaces).isEmpty
                || lines[p].trimmingCharacters(in: .whitespaces).hasPrefix("#"))
        { p -= 1 }
        guard p >= 0 else { return false }
        let code = Self.codePart(lines[p]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        guard let last = code.last else { return false }
        let ind = Self.indentation(lines[p])
        if last == "," {
            insert(items.map { ind + $0 + "," }, after: p)
        } else if "([{".contains(last) {
            insert(items.map { ind + indentUnit + $0 + "," }, after: p)
        } else {
            guard !code.hasSuffix("\\") else { return false }
            replace(line: p, with: code + "," + String(lines[p].dropFirst(code.count)))
            insert(items.map { ind + $0 + "," }, after: p)
        }
        return true
    }

    /// 0-based index after the last top-level import before the first top-level def/class (its continuation
    /// lines included); after the module docstring and header comments when there is no import.
    package func importInsertionIndex(_ module: PythonModule) -> Int {
        let firstDef =
            module.functions.filter { $0.enclosingClass == nil && Self.indentation(line($0.span.start)).isEmpty }.map(
                \.span.start
            ).min() ?? Int.max
        let firstClass = module.classes.map(\.span.start).min() ?? Int.max
        let limit = min(firstDef, firstClass)
        let top = module.imports.filter {
            $0.line < limit && $0.line <= lines.count && Self.indentation(line($0.line)).isEmpty
                && (line($0.line).hasPrefix("import ") || line($0.line).hasPrefix("from "))
        }
        if let last = top.map(\.line).max() { return statementEnd(last - 1) + 1 }
        var i = 0
        while i < lines.count && (lines[i].hasPrefix("#") || lines[i].trimmingCharacters(in: .whitespaces).isEmpty) {
            i += 1
        }
        if i < lines.count, let doc = module.strings.first(where: { $0.isDocstring && $0.line == i + 1 }) {
            _ = doc
            let opener = lines[i].trimmingCharacters(in: .whitespaces)
            let mark =
                opener.hasPrefix("\"\"\"") || opener.dropFirst().hasPrefix("\"\"\"")
                ? "\"\"\"" : opener.contains("'''") ? "'''" : nil
            if let mark, opener.components(separatedBy: mark).count < 3 {
                var j = i + 1
                while j < lines.count && !lines[j].contains(mark) { j += 1 }
                return min(j + 1, lines.count)
            }
            return i + 1
        }
        return i
    }

    /// 0-based index of the last line of the statement starting at `index` (bracket and backslash continuations).
    package func statementEnd(_ index: Int) -> Int {
        guard index >= 0 && index < lines.count else { return index }
        var end = index
        let code = Self.codePart(lines[index])
        if let open = Array(code).firstIndex(where: { "([{".contains($0) }),
            let close = matchingClose(line: index, offset: open)
        {
            end = max(end, close.line)
        }
        while end + 1 < lines.count && Self.codePart(lines[end]).hasSuffix("\\") { end += 1 }
        return end
    }

    /// 1-based line text.
    package func line(_ n: Int) -> String { n >= 1 && n <= lines.count ? lines[n - 1] : "" }

    /// True when a new statement can be placed right before 0-based `index` at that line's indentation
    /// (the line starts a statement: the previous code line does not leave a bracket or backslash open).
    package func startsStatement(_ index: Int) -> Bool {
        var p = index - 1
        while p >= 0
            && (lines[p].trimmingCharacters(in: .whitespaces).isEmpty
                || lines[p].trimmingCharacters(in: .whitespaces).hasPrefix("#"))
        { p -= 1 }
        guard p >= 0 else { return true }
        let code = Self.codePart(lines[p]).trimmingCharacters(in: .whitespaces)
        if let last = code.last, "([{,\\".contains(last) { return false }
        if code.hasPrefix("@") { return false }
        return true
    }

    /// `import os` present (plain, top level or anywhere the reader saw it).
    package static func imports(_ module: PythonModule, _ name: String) -> Bool {
        module.imports.contains { !$0.isFrom && $0.module == name && ($0.alias == nil || $0.alias == name) }
    }
}
