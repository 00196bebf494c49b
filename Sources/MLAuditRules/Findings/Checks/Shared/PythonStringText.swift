import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython

/// Reading of a call argument's source text as a Python string literal (the runtime-defect checks MLA147-MLA148):
/// one literal or several adjacent ones (`"a" "b"`), with their prefixes. Anything else (a name, a concatenation with
/// `+`, a `%`/`.format` expression, an f-string) is not a literal and reads nil.
package struct PythonStringText: Sendable, Equatable {
    /// The literal pieces as written, quotes and prefix included (`'a.json'`, `r"x"`).
    package var pieces: [String]
    /// The pieces' contents joined (escape sequences left as written).
    package var body: String
    /// True when a piece is a bytes literal.
    package var isBytes: Bool

    /// Nil for anything but plain (non-f) string literals. Escapes are kept as written; `hasEscape` tells.
    package static func parse(_ text: String) -> PythonStringText? {
        // The reader caps argument texts (`PythonCall.positionalArguments`) at 200 characters: a text at the cap may
        // be cut between two adjacent literals, which would read as a shorter message.
        guard text.count < 200 else { return nil }
        let chars = Array(text)
        var i = 0
        var pieces: [String] = []
        var body = ""
        var isBytes = false
        while i < chars.count {
            if chars[i] == " " || chars[i] == "\t" || chars[i] == "\n" {
                i += 1
                continue
            }
            let start = i
            var prefix = ""
            while i < chars.count, chars[i].isLetter, prefix.count < 2 {
                prefix.append(chars[i])
                i += 1
            }
            let lower = prefix.lowercased()
            guard ["", "r", "u", "b", "br", "rb"].contains(lower), i < chars.count, chars[i] == "\"" || chars[i] == "'"
            else { return nil }
            if lower.contains("b") { isBytes = true }
            let quote = chars[i]
            let triple = i + 2 < chars.count && chars[i + 1] == quote && chars[i + 2] == quote
            let width = triple ? 3 : 1
            i += width
            let contentStart = i
            var closed = false
            while i < chars.count {
                if chars[i] == "\\" {
                    i += 2
                    continue
                }
                if chars[i] == quote, !triple || (i + 2 < chars.count && chars[i + 1] == quote && chars[i + 2] == quote)
                {
                    closed = true
                    break
                }
                if !triple, chars[i] == "\n" { return nil }
                i += 1
            }
            guard closed, i <= chars.count else { return nil }
            body += String(chars[contentStart..<i])
            i += width
            pieces.append(String(chars[start..<i]))
        }
        guard !pieces.isEmpty else { return nil }
        return PythonStringText(pieces: pieces, body: body, isBytes: isBytes)
    }

    /// True when the contents hold a backslash escape (the checks then do not guess at the value).
    package var hasEscape: Bool { body.contains("\\") }

    /// `%` conversions of printf-style formatting as `logging` applies them to `msg % args`: the number of
    /// arguments they consume (`*` widths count), or nil when the string uses `%(name)s` mapping keys or a
    /// conversion Python rejects (the count is then not certain).
    package var percentArgumentCount: Int? {
        let chars = Array(body)
        var count = 0
        var i = 0
        while i < chars.count {
            guard chars[i] == "%" else {
                i += 1
                continue
            }
            i += 1
            guard i < chars.count else { return nil }
            if chars[i] == "%" {
                i += 1
                continue
            }
            if chars[i] == "(" { return nil }
            while i < chars.count, "#0- +".contains(chars[i]) { i += 1 }
            if i < chars.count, chars[i] == "*" {
                count += 1
                i += 1
            } else {
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
            }
            if i < chars.count, chars[i] == "." {
                i += 1
                if i < chars.count, chars[i] == "*" {
                    count += 1
                    i += 1
                } else {
                    while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
                }
            }
            while i < chars.count, "hlL".contains(chars[i]) { i += 1 }
            guard i < chars.count, "diouxXeEfFgGcrsa".contains(chars[i]) else { return nil }
            count += 1
            i += 1
        }
        return count
    }

    /// Number of `{}` / `{0}` / `{name}` replacement fields (`{{` and `}}` are literal braces).
    package var braceFieldCount: Int {
        let chars = Array(body)
        var count = 0
        var i = 0
        while i < chars.count {
            if chars[i] == "{" {
                if i + 1 < chars.count, chars[i + 1] == "{" {
                    i += 2
                    continue
                }
                if let close = chars[i...].firstIndex(of: "}") {
                    count += 1
                    i = close + 1
                    continue
                }
            }
            i += 1
        }
        return count
    }
}
