import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport

/// Inline suppression comments, in mlaudit's own syntax and in the peers' syntaxes their users already write.
///
/// - `# mlaudit: ignore[MLA101,MLA102]` on the flagged line or on the line above it (codes required, any case).
/// - detect-secrets: `# pragma: allowlist secret` on the line, `# pragma: allowlist nextline secret` on the line above;
///   gitleaks: `gitleaks:allow` on the line. Both silence the secret check only.
/// - bandit: `# nosec` (optionally `# nosec B301`) on the line; silences the unsafe-load / code-execution checks only.
/// - ruff / flake8-bandit: `# noqa: S301` (codes required) on the line silences the check that matches that
///   S-rule (`ruffBanditCodes`); a bare `# noqa` silences nothing here (it is too often a lazy line-length waiver).
public enum SuppressionMarker: String, Sendable, Hashable, CaseIterable {
    case mlaudit = "mlaudit: ignore"
    case detectSecrets = "pragma: allowlist secret"
    case gitleaks = "gitleaks:allow"
    case bandit = "nosec"
    case ruff = "noqa"

    /// Finding codes a peer's marker silences: the checks that match the peer tool's own.
    public static let secretCodes: Set<String> = ["MLA101"]
    public static let unsafeLoadCodes: Set<String> = ["MLA102", "MLA103", "MLA104", "MLA105", "MLA120", "MLA124"]
    /// flake8-bandit rules (as ruff numbers them) and the finding each one matches: hard-coded passwords, pickle,
    /// exec/eval, unsafe YAML load, shell=True.
    public static let ruffBanditCodes: [String: Set<String>] = [
        "MLA101": ["S105", "S106", "S107"], "MLA103": ["S301"], "MLA105": ["S102", "S307"], "MLA120": ["S506"],
        "MLA124": ["S602", "S604", "S605"],
    ]

    /// The marker on `line` (the flagged line) or `above` (the line before it) that silences `code`, if any.
    public static func marker(silencing code: String, line: Substring?, above: Substring?) -> SuppressionMarker? {
        if let line, mlauditCodes(in: line).contains(code) { return .mlaudit }
        if let above, mlauditCodes(in: above).contains(code) { return .mlaudit }
        if secretCodes.contains(code) {
            if let line, line.contains("pragma: allowlist secret") { return .detectSecrets }
            if let above, above.contains("pragma: allowlist nextline secret") { return .detectSecrets }
            if let line, line.contains("gitleaks:allow") { return .gitleaks }
        }
        if unsafeLoadCodes.contains(code), let line, hasNosec(line) { return .bandit }
        if let rules = ruffBanditCodes[code], let line, !noqaCodes(in: line).isDisjoint(with: rules) { return .ruff }
        return nil
    }

    /// The codes of a `# noqa: A1, B2` comment on the line (upper-cased); empty for a bare `# noqa`.
    public static func noqaCodes(in line: Substring) -> Set<String> {
        guard let hash = line.firstIndex(of: "#") else { return [] }
        let comment = line[hash...]
        guard let r = comment.range(of: "noqa", options: .caseInsensitive) else { return [] }
        let after = comment[r.upperBound...].drop { $0 == " " }
        guard after.first == ":" else { return [] }
        var codes: Set<String> = []
        for part in after.dropFirst().split(whereSeparator: { $0 == "," || $0 == " " }) {
            let code = part.uppercased()
            // A code is letters then digits (S301, E722, PLW0603); the first other word ends the list.
            guard let digit = code.firstIndex(where: \.isNumber), digit > code.startIndex,
                code[..<digit].allSatisfy(\.isLetter), code[digit...].allSatisfy(\.isNumber)
            else { break }
            codes.insert(code)
        }
        return codes
    }

    /// Text every marker contains, whatever its form: a file holding none of them silences nothing, so its lines are
    /// not read. (ASCII needles without a character any other is canonically equivalent to: the Foundation searches
    /// `marker(silencing:line:above:)` runs can only match where these bytes are.)
    static let needles = ["mlaudit:", "pragma: allowlist", "gitleaks:allow", "nosec", "noqa", "NOQA", "NoQA", "Noqa"]

    /// False only when no line of the file can hold a marker.
    package static func mayOccur(in content: FileContent) -> Bool {
        needles.contains { content.containsBytes($0) }
    }

    /// Whether each Python file may hold a marker, taken in the read pass.
    package struct Presence: SourceAnalysis {
        package let name = "suppressionMarkerPresence"
        package init() {}
        package func analyze(_ source: PythonSource) -> Bool { SuppressionMarker.mayOccur(in: source.content) }

        package func encode(_ v: Bool, into w: inout FactCodec.Writer) -> Bool {
            w.bool(v)
            return true
        }

        package func decode(_ r: inout FactCodec.Reader) -> Bool? { r.bool() }
    }

    /// The codes of every `mlaudit: ignore[...]` on the line (upper-cased, trimmed).
    public static func mlauditCodes(in line: Substring) -> Set<String> {
        var codes: Set<String> = []
        var rest = line[...]
        while let r = rest.range(of: "mlaudit:") {
            var after = rest[r.upperBound...].drop { $0 == " " }
            rest = rest[r.upperBound...]
            guard after.hasPrefix("ignore") else { continue }
            after = after.dropFirst("ignore".count).drop { $0 == " " }
            guard after.first == "[", let close = after.firstIndex(of: "]") else { continue }
            for c in after[after.index(after: after.startIndex)..<close].split(separator: ",") {
                let code = c.trimmingCharacters(in: .whitespaces).uppercased()
                if !code.isEmpty { codes.insert(code) }
            }
        }
        return codes
    }

    /// bandit's `# nosec`: the word after a `#`, not a substring of another word.
    static func hasNosec(_ line: Substring) -> Bool {
        guard let hash = line.firstIndex(of: "#") else { return false }
        var rest = line[hash...]
        while let r = rest.range(of: "nosec") {
            let before = r.lowerBound > rest.startIndex ? rest[rest.index(before: r.lowerBound)] : " "
            let after = r.upperBound < rest.endIndex ? rest[r.upperBound] : " "
            if !(before.isLetter || before.isNumber || before == "_")
                && !(after.isLetter || after.isNumber || after == "_")
            {
                return true
            }
            rest = rest[r.upperBound...]
        }
        return false
    }
}
