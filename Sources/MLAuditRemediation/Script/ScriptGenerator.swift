import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules

/// The Executable Script: a standard-library Python 3 script for this repository (dry run by default).
/// The audit's concrete targets (findings with their path:line, pattern sites, capability gaps, safe rewrites)
/// are embedded as one JSON document inside an ASCII-only Python string literal, so no repository text can
/// break out of it.
public enum ScriptGenerator {
    /// `diffs` are the report's Atomic Diffs: the script applies those the audit verified (`applies`) with `git apply`.
    public static func script(facts: RepositoryFacts, capabilities: [CapabilityAssessment], findings: [Finding],
                              diffs: [AtomicDiff]) -> String {
        var audit = auditDocument(facts: facts, capabilities: capabilities, findings: findings)
        let redact = { SecretScanner.redact($0, known: facts.secrets.known) }
        audit["diffs"] = diffs.map { d -> [String: Any] in
            ["title": redact(d.title), "paths": d.paths, "patch": redact(d.patch), "applies": d.applies]
        }
        let json = (try? JSONSerialization.data(withJSONObject: audit, options: [.sortedKeys, .withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        let template = ScriptTemplateHead.text + ScriptTemplateSteps.text
        guard let slot = template.range(of: "AUDIT_JSON_LITERAL") else { return template }
        return template.replacingCharacters(in: slot, with: pythonLiteral(json))
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
                if u.value >= 0x20 && u.value < 0x7F { out.unicodeScalars.append(u) }
                else if u.value <= 0xFF { out += String(format: "\\x%02x", u.value) }
                else if u.value <= 0xFFFF { out += String(format: "\\u%04x", u.value) }
                else { out += String(format: "\\U%08x", u.value) }
            }
        }
        return out + "\""
    }

    /// Offline-hardening patterns searched in every Python file. Regexes use the syntax common to ICU and Python `re`.
    package static let patterns: [(name: String, regex: String, hint: String)] = [
        ("wandb.init without an offline mode", #"\bwandb\.init\((?!.*\bmode\s*=)"#,
         "pass mode=os.environ.get(\"WANDB_MODE\", \"offline\") so runs work without network"),
        ("torch.load without weights_only", #"\btorch\.load\((?!.*weights_only)"#,
         "pass weights_only=True when loading checkpoints that could come from elsewhere"),
        ("cudnn.benchmark enabled", #"cudnn\.benchmark\s*=\s*True"#,
         "autotuned kernels are not deterministic; make it a config flag that reproducible runs turn off"),
        ("TF32 matmul enabled", #"allow_tf32\s*=\s*True"#,
         "TF32 changes numerics; record the flag in the run config and checkpoints"),
        ("yaml.load without a Loader", #"\byaml\.load\((?!.*Loader)"#, "use yaml.safe_load (the script rewrites audited sites)"),
        ("hard-coded absolute path", #"["'](/home/|/Users/|/mnt/|/data/)[^"']*["']"#,
         "read the location from the config or an environment variable"),
    ]

    /// Rewrites safe enough to apply automatically, only at the sites the audit found.
    package static let rewrites: [(name: String, regex: String, replacement: String)] = [
        ("yaml.load -> yaml.safe_load", #"\byaml\.load\(((?:(?!Loader)(?:[^()]|\([^()]*\)))*)\)"#, #"yaml.safe_load(\1)"#),
    ]

    /// For each regex above, literals of which every match contains at least one (nil: no prefilter).
    package static let requiredLiterals: [String: [String]] = [
        patterns[0].regex: ["wandb.init("], patterns[1].regex: ["torch.load("], patterns[2].regex: ["cudnn.benchmark"],
        patterns[3].regex: ["allow_tf32"], patterns[4].regex: ["yaml.load("],
        patterns[5].regex: ["/home/", "/Users/", "/mnt/", "/data/"], rewrites[0].regex: ["yaml.load("],
    ]

    /// How many offsets in the sorted `newlines` are below `offset`.
    package static func newlinesBefore(_ offset: Int, _ newlines: [Int]) -> Int {
        var lo = 0, hi = newlines.count
        while lo < hi { let mid = (lo + hi) / 2; if newlines[mid] < offset { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    static let maxSiteLine = 8192

    package static func auditDocument(facts: RepositoryFacts, capabilities: [CapabilityAssessment], findings: [Finding]) -> [String: Any] {
        let python = facts.files.filter { $0.kind == .python && !$0.isVendored }.map(\.path)
        // Each regex runs once over each file's whole text, and only on files holding one of the literals every
        // match of it must contain (a byte search); matches map back to 1-based lines by binary search.
        func sites(_ regex: String) -> [String] {
            guard let rx = RegexCache.shared.regex(regex, options: [.anchorsMatchLines]) else { return [] }
            let literals = requiredLiterals[regex].map { $0.map { Array($0.utf8) } }
            var out: [String] = []
            for path in python {
                if facts.deadline.expired { break } // --time-budget: the sites found so far
                if let literals, let bytes = facts.snapshot.content(path)?.bytes,
                   !literals.contains(where: { ByteSearch.occurs($0, in: bytes) }) { continue }
                // Line by line, each line capped at `maxSiteLine` UTF-16 units: every pattern is line-bounded, and a
                // lookahead such as `(?!.*weights_only)` rescans the rest of the line per match, so 8,000 calls
                // on one 180 KB line were quadratic over the whole text.
                let literalStrings = requiredLiterals[regex]
                for (i, raw) in facts.lines(path).enumerated() {
                    if let literalStrings, !literalStrings.contains(where: { raw.contains($0) }) { continue }
                    let line = String(raw)
                    let ns = line as NSString
                    guard rx.firstMatch(in: line, range: NSRange(location: 0, length: min(ns.length, Self.maxSiteLine))) != nil else { continue }
                    if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { continue }
                    out.append("\(path):\(i + 1)")
                }
            }
            return out
        }
        let redact = { SecretScanner.redact($0, known: facts.secrets.known) }
        let findingObjects: [[String: Any]] = findings.prefix(20).map { f in
            // Redacted before embedding: the report's own redaction pass then finds nothing inside the literal.
            ["code": f.code, "severity": f.severity.rawValue, "title": redact(f.title), "fix": redact(f.fix),
             "evidence": f.evidence.prefix(5).map { e -> [String: Any] in
                 ["path": e.path, "line": e.line, "text": redact(e.text ?? "")]
             }]
        }
        let gaps: [[String: Any]] = capabilities.flatMap { c in
            c.subfeatures.filter { $0.state != .present && $0.override == nil }.map { s -> [String: Any] in
                ["capability": c.name, "subfeature": s.name, "state": s.state.rawValue,
                 "plan": c.patchPlan.isEmpty ? "see the Capability Audit Table" : redact(c.patchPlan)]
            }
        }
        return [
            "repository": facts.git.originURL ?? facts.root.lastPathComponent,
            "commit": facts.git.head.map { String($0.prefix(12)) } ?? NSNull(),
            "generated_by": "mlaudit \(MLAuditVersion.value)",
            "findings": findingObjects,
            "patterns": patterns.map { p -> [String: Any] in
                ["name": p.name, "regex": p.regex, "hint": p.hint, "sites": sites(p.regex)]
            },
            "rewrites": rewrites.map { r -> [String: Any] in
                ["name": r.name, "regex": r.regex, "replacement": r.replacement, "sites": sites(r.regex)]
            },
            "gaps": gaps,
        ]
    }
}
