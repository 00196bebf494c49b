import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Shared reading for the Python code-defect checks (MLA135-MLA139): which modules they read and how a site of an
/// `add_argument` call is found in the source.
extension Array where Element == Evidence {
    /// Product code first, then example, benchmark and documentation code (`FindingRelevance.isPeripheral`), each
    /// by path and line: the citations a report shows first are the ones users run.
    package var productFirst: [Evidence] {
        sorted {
            let a = FindingRelevance.isPeripheral($0.path)
            let b = FindingRelevance.isPeripheral($1.path)
            return a != b ? !a : ($0.path, $0.line) < ($1.path, $1.line)
        }
    }
}

package enum ArgparseCalls {
    /// `add_argument` calls (on a parser, a group or a subparser) in product code, with their module.
    package static func sites(_ context: FindingContext) -> [(PythonModule, PythonCall)] {
        context.methodCalls(["add_argument"]).filter { $0.0.path.hasSuffix(".py") }
    }

    /// The keyword value with quotes removed: `"store_true"` and `'store_true'` read `store_true`.
    package static func unquoted(_ value: String?) -> String? {
        guard var v = value?.trimmingCharacters(in: .whitespaces) else { return nil }
        if v.count >= 2, let f = v.first, f == "\"" || f == "'", v.last == f { v = String(v.dropFirst().dropLast()) }
        return v
    }

    /// The option strings of the call (its positional string arguments): `--use-te`.
    package static func optionName(_ call: PythonCall) -> String {
        call.positionalArguments.compactMap { a -> String? in
            guard let u = unquoted(a), u != a else { return nil }
            return u
        }.first ?? "?"
    }

    /// The 1-based line at or after `line` (at most `window` lines on) where `pattern` occurs first, stopping at the
    /// next `add_argument(` call; nil when absent.
    package static func line(
        of pattern: NSRegularExpression, from line: Int, in lines: [Substring], window: Int = 40
    ) -> Int? {
        guard line >= 1 else { return nil }
        var n = line
        while n <= min(lines.count, line + window) {
            let text = String(lines[n - 1])
            if n > line, text.contains("add_argument(") { return nil }
            if pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil { return n }
            n += 1
        }
        return nil
    }
}
