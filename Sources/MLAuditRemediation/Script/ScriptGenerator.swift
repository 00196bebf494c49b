import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// The Executable Script: `codex_remediation.py` (a resource file, standard-library Python 3) with this audit's
/// data written between its `# BEGIN AUDIT DATA` / `# END AUDIT DATA` markers: the Atomic Diffs by number, title,
/// paths and the SHA-256 of the patch (the patches themselves stay in the report, which the script reads), and the
/// findings' cited lines by path, line and a hash of the line. Every string is an ASCII-only Python literal, so no
/// repository text can break out of it. At most `maxLines` lines.
public enum ScriptGenerator {
    public static let maxLines = 200
    static let maxFindings = 8

    /// The template as shipped (valid Python on its own: `ScriptGeneratorTests` compiles it).
    public static let template: String = {
        guard let url = Bundle.module.url(forResource: "codex_remediation", withExtension: "py"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()

    /// `reportName` is the report's file name without extension (`status-update-DATE`); `statusDir` is where
    /// `--apply` appends the change log and the Error Capture records.
    public static func script(
        facts: RepositoryFacts, findings: [Finding], diffs: [AtomicDiff],
        reportName: String, statusDir: String
    ) -> String {
        var data: [String] = []
        // The same redaction the report gets, so the digest matches the patch text the report prints.
        let redact = { (text: String) in SecretScanner.redact(text, known: facts.secrets.known) }
        let repository = facts.git.originURL ?? facts.root.lastPathComponent
        let commit = facts.git.head.map { pythonLiteral(String($0.prefix(12))) } ?? "None"
        data.append(
            "REPOSITORY, COMMIT, REPORT, STATUS_DIR = \(pythonLiteral(repository)), \(commit), \(pythonLiteral(reportName)), \(pythonLiteral(statusDir))"
        )
        data.append(
            "# DIFFS: (number, title, paths, SHA-256 of the patch); FINDINGS: (code, path, line, line SHA-256 prefix, fix)."
        )
        let diffRows = diffs.enumerated().map { i, d in
            "(\(i + 1), \(pythonLiteral(redact(d.title))), [\(d.paths.map(pythonLiteral).joined(separator: ", "))], \(pythonLiteral(SHA256.hex(redact(d.patch)))))"
        }
        data += rows("DIFFS", diffRows)
        let templateLines = template.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        let room = max(1, min(maxFindings, maxLines - (templateLines - 2) - max(1, diffRows.count)))
        data += rows("FINDINGS", findingRows(facts: facts, findings: findings, limit: room))
        return replaceData(in: template, with: data)
    }

    /// One row per finding (its first code line): the line is found again later by the hash of its stripped text.
    static func findingRows(facts: RepositoryFacts, findings: [Finding], limit: Int) -> [String] {
        var out: [String] = []
        for f in findings where out.count < limit {
            guard let e = f.evidence.first, e.line >= 1 else { continue }
            let lines = facts.lines(e.path)
            guard e.line <= lines.count else { continue }
            let digest = String(
                SHA256.hex(lines[e.line - 1].trimmingCharacters(in: .whitespacesAndNewlines)).prefix(12))
            let fix = String(SecretScanner.redact(f.fix, known: facts.secrets.known).prefix(140))
            out.append(
                "(\(pythonLiteral(f.code.rawValue)), \(pythonLiteral(e.path)), \(e.line), \(pythonLiteral(digest)), \(pythonLiteral(fix)))"
            )
        }
        return out
    }

    /// `NAME = [row,` ... `row]`: one line per row, the brackets on the first and last.
    static func rows(_ name: String, _ rows: [String]) -> [String] {
        guard !rows.isEmpty else { return ["\(name) = []"] }
        return rows.enumerated().map { i, r in (i == 0 ? "\(name) = [" : "    ") + r + (i == rows.count - 1 ? "]" : ",")
        }
    }

    static func replaceData(in template: String, with data: [String]) -> String {
        let lines = template.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let begin = lines.firstIndex(of: "# BEGIN AUDIT DATA"),
            let end = lines.firstIndex(of: "# END AUDIT DATA"), begin < end
        else {
            return template
        }
        return (lines[...begin] + data + lines[end...]).joined(separator: "\n")
    }

    /// A Python string literal for `s`: double-quoted, ASCII only, every quote, backslash and control escaped.
    public static func pythonLiteral(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value >= 0x20 && u.value < 0x7F {
                    out.unicodeScalars.append(u)
                } else if u.value <= 0xFF {
                    out += String(format: "\\x%02x", u.value)
                } else if u.value <= 0xFFFF {
                    out += String(format: "\\u%04x", u.value)
                } else {
                    out += String(format: "\\U%08x", u.value)
                }
            }
        }
        return out + "\""
    }
}
