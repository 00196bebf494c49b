import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditRender
import MLAuditReport
import MLAuditRules

/// The parts of a report a baseline or a delta compares, read from an `AuditReport` or from any earlier
/// `mlaudit.report/1` JSON file (fingerprints are recomputed from code, path and text when the file predates them).
public struct ReportSnapshot: Sendable {
    public var date: String
    public var commit: String?
    public var file: String
    /// Capability name -> status, in report order.
    public var statuses: [(String, String)]
    public var locations: [ReportDelta.FindingLocation]

    public struct ReadError: Error, CustomStringConvertible { public let description: String }

    public init(report: AuditReport, file: String = "") {
        date = report.date
        commit = report.repository.commit
        self.file = file
        statuses = report.capabilities.map { ($0.name, $0.status.rawValue) }
        locations = report.findings.flatMap { f -> [ReportDelta.FindingLocation] in
            let fps = f.fingerprints.isEmpty ? FindingFingerprint.locations(of: f) : f.fingerprints
            return fps.enumerated().map { (i, fp) -> ReportDelta.FindingLocation in
                let e = i < f.evidence.count ? f.evidence[i] : nil
                return .init(
                    code: f.code.rawValue, severity: f.severity.rawValue, title: f.title, path: e?.path, line: e?.line,
                    fingerprint: fp)
            }
        }
    }

    /// Reads an earlier JSON report. Throws on anything that is not an `mlaudit.report/1` document.
    public init(jsonFile url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ReadError(description: "cannot read \(url.path)")
        }
        try self.init(json: data, file: url.lastPathComponent)
    }

    public init(json data: Data, file: String) throws {
        guard let top = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ReadError(description: "\(file) is not a JSON object")
        }
        guard top["schema"] as? String == AuditReport.schema else {
            throw ReadError(
                description:
                    "\(file) is not an \(AuditReport.schema) report (its \"schema\" is \(top["schema"].map { "\($0)" } ?? "missing"))"
            )
        }
        self.file = file
        date = top["date"] as? String ?? "?"
        commit = (top["repository"] as? [String: Any])?["commit"] as? String
        statuses = (top["capabilities"] as? [[String: Any]] ?? []).compactMap { c in
            guard let n = c["name"] as? String, let s = c["status"] as? String else { return nil }
            return (n, s)
        }
        var locs: [ReportDelta.FindingLocation] = []
        for f in top["findings"] as? [[String: Any]] ?? [] {
            guard let code = f["code"] as? String else { continue }
            let severity = f["severity"] as? String ?? "low"
            let title = f["title"] as? String ?? ""
            let ev = (f["evidence"] as? [[String: Any]] ?? []).compactMap {
                e -> (path: String, line: Int, text: String?)? in
                guard let p = e["path"] as? String else { return nil }
                return (p, e["line"] as? Int ?? 0, e["text"] as? String)
            }
            // Reports since fingerprints were added carry every location's; older ones are recomputed from the evidence.
            let stored = (f["fingerprints"] as? [Any] ?? []).compactMap { $0 as? String }
            let fps =
                stored.isEmpty
                ? FindingFingerprint.locations(code: code, title: title, evidence: ev.map { ($0.path, $0.text) })
                : stored
            for (i, fp) in fps.enumerated() {
                let e = i < ev.count ? ev[i] : nil
                locs.append(
                    .init(code: code, severity: severity, title: title, path: e?.path, line: e?.line, fingerprint: fp))
            }
        }
        locations = locs
    }

    public var fingerprints: Set<String> { Set(locations.map(\.fingerprint)) }

    /// The delta from `old` to `self`.
    public func delta(since old: ReportSnapshot) -> ReportDelta {
        let before = Dictionary(old.statuses, uniquingKeysWith: { a, _ in a })
        let moved = statuses.compactMap { name, status -> ReportDelta.StatusChange? in
            guard let was = before[name], was != status else { return nil }
            return .init(capability: name, from: was, to: status)
        }
        let oldFP = old.fingerprints
        let newFP = fingerprints
        let order: (ReportDelta.FindingLocation, ReportDelta.FindingLocation) -> Bool = {
            ($0.code, $0.path ?? "", $0.line ?? 0, $0.fingerprint) < (
                $1.code, $1.path ?? "", $1.line ?? 0, $1.fingerprint
            )
        }
        return ReportDelta(
            previousDate: old.date, previousCommit: old.commit, previousFile: old.file, statusChanges: moved,
            newFindings: locations.filter { !oldFP.contains($0.fingerprint) }.sorted(by: order),
            resolvedFindings: old.locations.filter { !newFP.contains($0.fingerprint) }.sorted(by: order))
    }

    /// The newest `status-update-YYYY-MM-DD.json` in `dir` dated before `date`, if any.
    public static func newestEarlierReport(in dir: URL, before date: String) -> URL? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        let dated = names.compactMap { n -> String? in
            guard n.hasPrefix("status-update-"), n.hasSuffix(".json") else { return nil }
            let d = String(n.dropFirst("status-update-".count).dropLast(".json".count))
            return d.count == 10 && d < date ? d : nil
        }
        return dated.max().map { dir.appendingPathComponent("status-update-\($0).json") }
    }
}

/// `--baseline FILE`: the findings of `report` without the locations an earlier report already had.
public enum Baseline {
    public static func filter(_ findings: [Finding], known: Set<String>) -> (kept: [Finding], dropped: Int) {
        var kept: [Finding] = []
        var dropped = 0
        for f in findings {
            let fps = f.fingerprints.isEmpty ? FindingFingerprint.locations(of: f) : f.fingerprints
            let fresh = fps.indices.filter { !known.contains(fps[$0]) }
            dropped += fps.count - fresh.count
            guard !fresh.isEmpty else { continue }
            var g = f
            g.fingerprints = fresh.map { fps[$0] }
            if !f.evidence.isEmpty { g.evidence = fresh.filter { $0 < f.evidence.count }.map { f.evidence[$0] } }
            kept.append(g)
        }
        return (kept, dropped)
    }
}
