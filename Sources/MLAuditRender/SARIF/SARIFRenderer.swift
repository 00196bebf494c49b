import MLAuditKit
import MLAuditReport

/// SARIF 2.1.0 (OASIS) for code-scanning views and editors: one run whose driver lists every finding check and
/// every capability rule with help text; each finding location is a result of kind `fail` with
/// `partialFingerprints`; each sub-feature verdict is a result of kind `pass`, `fail` or `notApplicable`;
/// suppressed finding locations are results carrying `suppressions`; captured errors are tool notifications.
public enum SARIFRenderer {
    /// What the driver says about one rule (a finding check or a capability rule).
    public struct Rule: Sendable {
        public var id: String
        public var name: String
        public var shortDescription: String
        public var fullDescription: String
        public var help: String
        /// `error`, `warning`, `note` or `none`.
        public var level: String
        public var tags: [String]
        public init(
            id: String, name: String, shortDescription: String, fullDescription: String, help: String, level: String,
            tags: [String]
        ) {
            self.id = id
            self.name = name
            self.shortDescription = shortDescription
            self.fullDescription = fullDescription
            self.help = help
            self.level = level
            self.tags = tags
        }
    }

    public static let schemaURI =
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    public static let fingerprintKey = "mlauditLocation/v1"

    public static func level(_ s: Severity) -> String {
        switch s {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    public static func render(_ r: AuditReport, rules: [Rule]) -> String {
        let index = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var results: [JSONValue] = []
        for f in r.findings {
            let fps = f.fingerprints
            let count = max(f.evidence.count, 1)
            for i in 0..<count {
                let e = i < f.evidence.count ? f.evidence[i] : nil
                var pairs = ruleRef(f.code.rawValue, index)
                pairs += [
                    ("kind", .string("fail")), ("level", .string(level(f.severity))),
                    ("message", .object([("text", .string(f.title))])),
                ]
                if let e { pairs.append(("locations", .array([location(e.path, e.line)]))) }
                if i < fps.count { pairs.append(("partialFingerprints", .object([(fingerprintKey, .string(fps[i]))]))) }
                pairs.append(("properties", .object([("severity", .string(f.severity.rawValue))])))
                results.append(.object(pairs))
            }
        }
        for s in r.suppressed {
            var pairs = ruleRef(s.code.rawValue, index)
            pairs += [
                ("kind", .string("fail")), ("level", .string(level(s.severity))),
                ("message", .object([("text", .string(s.title))])),
            ]
            if let p = s.path { pairs.append(("locations", .array([location(p, s.line ?? 1)]))) }
            pairs.append(("partialFingerprints", .object([(fingerprintKey, .string(s.fingerprint))])))
            let inSource = !s.by.contains("ignore") || s.by.hasPrefix("# mlaudit")
            pairs.append(
                (
                    "suppressions",
                    .array([
                        .object([
                            ("kind", .string(inSource ? "inSource" : "external")),
                            ("justification", .string("suppressed by \(s.by)")),
                        ])
                    ])
                ))
            results.append(.object(pairs))
        }
        for c in r.capabilities {
            for s in c.subfeatures {
                let kind =
                    s.state == .present
                    ? "pass" : (s.override?.isNotApplicable == true ? "notApplicable" : "fail")
                var pairs = ruleRef(s.ruleCode.rawValue, index)
                let text: String
                switch kind {
                case "notApplicable": text = "\(c.name) / \(s.name): \(s.override?.text ?? "not applicable")"
                case "pass": text = "\(c.name) / \(s.name): present"
                default: text = "\(c.name) / \(s.name): \(s.state.rawValue) (capability status: \(c.status.rawValue))"
                }
                pairs += [
                    ("kind", .string(kind)), ("level", .string(kind == "fail" ? "note" : "none")),
                    ("message", .object([("text", .string(text))])),
                ]
                if let e = s.evidence.first { pairs.append(("locations", .array([location(e.path, e.line)]))) }
                pairs.append(
                    (
                        "properties",
                        .object([
                            ("capability", .string(c.name)), ("subfeature", .string(s.name)),
                            ("state", .string(s.state.rawValue)), ("status", .string(c.status.rawValue)),
                        ])
                    ))
                results.append(.object(pairs))
            }
        }
        let notifications: [JSONValue] = r.errors.map { e in
            var pairs: [(String, JSONValue)] = [
                ("level", .string("warning")),
                ("message", .object([("text", .string("[\(e.step)] \(e.error) (\(e.context))"))])),
            ]
            if let p = e.path { pairs.append(("locations", .array([location(p, nil)]))) }
            return .object(pairs)
        }
        let driver: JSONValue = .object([
            ("name", .string(r.tool.name)), ("version", .string(r.tool.version)),
            ("semanticVersion", .string(r.tool.version)),
            ("rules", .array(rules.map(rule))),
        ])
        let run: JSONValue = .object([
            ("tool", .object([("driver", driver)])),
            (
                "invocations",
                .array([
                    .object([
                        ("executionSuccessful", .bool(true)),
                        ("toolExecutionNotifications", .array(notifications)),
                    ])
                ])
            ),
            (
                "originalUriBaseIds",
                .object([
                    (
                        "%SRCROOT%",
                        .object([("description", .object([("text", .string("The audited repository's root."))]))])
                    )
                ])
            ),
            ("results", .array(results)),
            (
                "properties",
                .object([
                    ("reportDate", .string(r.date)), ("repository", .string(r.repository.name)),
                    ("commit", .str(r.repository.commit)),
                ])
            ),
        ])
        return JSONValue.object([
            ("$schema", .string(schemaURI)), ("version", .string("2.1.0")), ("runs", .array([run])),
        ]).serialized()
    }

    static func ruleRef(_ id: String, _ index: [String: Int]) -> [(String, JSONValue)] {
        var pairs: [(String, JSONValue)] = [("ruleId", .string(id))]
        if let i = index[id] { pairs.append(("ruleIndex", .int(i))) }
        return pairs
    }

    static func location(_ path: String, _ line: Int?) -> JSONValue {
        var physical: [(String, JSONValue)] = [
            ("artifactLocation", .object([("uri", .string(uri(path))), ("uriBaseId", .string("%SRCROOT%"))]))
        ]
        if let line, line >= 1 { physical.append(("region", .object([("startLine", .int(line))]))) }
        return .object([("physicalLocation", .object(physical))])
    }

    /// A relative URI reference: each path segment percent-encoded where RFC 3986 requires it.
    static func uri(_ path: String) -> String {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/".utf8)
        var out = ""
        for b in path.utf8 {
            if allowed.contains(b) {
                out.append(Character(UnicodeScalar(b)))
            } else {
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded
            }
        }
        return out
    }

    static func rule(_ r: Rule) -> JSONValue {
        .object([
            ("id", .string(r.id)), ("name", .string(r.name)),
            ("shortDescription", .object([("text", .string(r.shortDescription))])),
            ("fullDescription", .object([("text", .string(r.fullDescription))])),
            ("help", .object([("text", .string(r.help)), ("markdown", .string(r.help))])),
            ("defaultConfiguration", .object([("level", .string(r.level))])),
            ("properties", .object([("tags", .array(r.tags.map(JSONValue.string)))])),
        ])
    }
}

extension String {
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
