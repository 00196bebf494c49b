import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditReport

/// Applies inline markers and the settings' `ignore` / `per_file_ignores` to each check's hits, before the hit's
/// evidence is cut to the catalogue's maximum. Only findings are filtered: capability evidence, the repository map
/// and every other analysis still read every file.
public final class SuppressionFilter: @unchecked Sendable {
    private let ignore: Set<FindingCode>
    private let perFile: [(glob: String, codes: Set<FindingCode>)]
    private let settingsName: String
    private let lines: (String) -> [Substring]
    /// False when the file at the path certainly holds no inline marker (then its lines are not read).
    private let mayHaveMarker: (String) -> Bool
    private var markerPresence: [String: Bool] = [:]
    public private(set) var suppressed: [SuppressedFinding] = []
    /// One decision per code and cited line: a minified line cited thousands of times is scanned once.
    private var decided: [String: String?] = [:]

    public init(
        settings: AuditSettings, lines: @escaping (String) -> [Substring],
        mayHaveMarker: @escaping (String) -> Bool = { _ in true }
    ) {
        // unknown codes are reported by the settings validation; they silence nothing
        ignore = Set(settings.ignore.compactMap { FindingCode(rawValue: $0.uppercased()) })
        perFile = settings.perFileIgnores.keys.sorted().map { glob in
            (
                glob: glob,
                codes: Set((settings.perFileIgnores[glob] ?? []).compactMap { FindingCode(rawValue: $0.uppercased()) })
            )
        }
        settingsName = settings.settingsSource
        self.lines = lines
        self.mayHaveMarker = mayHaveMarker
    }

    /// The hit without its suppressed locations; nil when nothing is left.
    func filter(_ hit: FindingHit, code: FindingCode, severity: Severity) -> FindingHit? {
        let sev = hit.severity ?? severity
        if ignore.contains(code) {
            if hit.evidence.isEmpty {
                record(code, sev, hit.title, nil, "\(settingsName) ignore")
            }
            for e in hit.evidence { record(code, sev, hit.title, e, "\(settingsName) ignore") }
            return nil
        }
        guard !hit.evidence.isEmpty else { return hit }
        var kept: [Evidence] = []
        for e in hit.evidence {
            if let by = reason(code: code, evidence: e) { record(code, sev, hit.title, e, by) } else { kept.append(e) }
        }
        guard !kept.isEmpty else { return nil }
        var out = hit
        out.evidence = kept
        return out
    }

    private func reason(code: FindingCode, evidence e: Evidence) -> String? {
        let key = "\(code)\u{0}\(e.path)\u{0}\(e.line)"
        if let known = decided[key] { return known }
        let r = decide(code: code, evidence: e)
        decided[key] = r
        return r
    }

    private func decide(code: FindingCode, evidence e: Evidence) -> String? {
        if let rule = perFile.first(where: { $0.codes.contains(code) && PathGlob.matches($0.glob, e.path) }) {
            return "\(settingsName) per_file_ignores \"\(rule.glob)\""
        }
        let present = markerPresence[e.path] ?? mayHaveMarker(e.path)
        markerPresence[e.path] = present
        guard present else { return nil }
        let text = lines(e.path)
        guard e.line >= 1 && e.line <= text.count else { return nil }
        let above = e.line >= 2 ? text[e.line - 2] : nil
        switch SuppressionMarker.marker(silencing: code.rawValue, line: text[e.line - 1], above: above) {
        case .mlaudit?: return "# mlaudit: ignore[\(code)]"
        case .detectSecrets?: return "# pragma: allowlist secret"
        case .gitleaks?: return "gitleaks:allow"
        case .bandit?: return "# nosec"
        case .ruff?:
            return "# noqa: \(SuppressionMarker.ruffBanditCodes[code.rawValue]?.sorted().joined(separator: "/") ?? "")"
        case nil: return nil
        }
    }

    private var normalized: [String: String] = [:]

    private func record(_ code: FindingCode, _ severity: Severity, _ title: String, _ e: Evidence?, _ by: String) {
        let fp: String
        if let e {
            let text = e.text ?? ""
            let norm = normalized[text] ?? FindingFingerprint.normalize(text)
            normalized[text] = norm
            fp = FindingFingerprint.hash(code: code.rawValue, path: e.path, normalized: norm, occurrence: 0)
        } else {
            fp = FindingFingerprint.location(code: code.rawValue, path: nil, snippet: title, occurrence: 0)
        }
        suppressed.append(
            SuppressedFinding(
                code: code, severity: severity, title: title, path: e?.path, line: e?.line, by: by,
                fingerprint: fp))
    }
}
