import MLAuditKit
import MLAuditReport

/// The JSON of the keys added for the toolchain: `suppressed[]` and `delta`.
package enum JSONDeltaParts {
    package static func suppressed(_ s: SuppressedFinding) -> JSONValue {
        .object([
            ("code", .string(s.code.rawValue)), ("severity", .string(s.severity.rawValue)), ("title", .string(s.title)),
            ("path", .str(s.path)), ("line", .num(s.line)), ("by", .string(s.by)),
            ("fingerprint", .string(s.fingerprint)),
        ])
    }

    package static func location(_ l: ReportDelta.FindingLocation) -> JSONValue {
        .object([
            ("code", .string(l.code)), ("severity", .string(l.severity)), ("title", .string(l.title)),
            ("path", .str(l.path)), ("line", .num(l.line)), ("fingerprint", .string(l.fingerprint)),
        ])
    }

    package static func delta(_ d: ReportDelta) -> JSONValue {
        .object([
            (
                "previous",
                .object([
                    ("date", .string(d.previousDate)), ("commit", .str(d.previousCommit)),
                    ("file", .string(d.previousFile)),
                ])
            ),
            (
                "status_changes",
                .array(
                    d.statusChanges.map {
                        .object([
                            ("capability", .string($0.capability)), ("from", .string($0.from)), ("to", .string($0.to)),
                        ])
                    })
            ),
            ("new_findings", .array(d.newFindings.map(location))),
            ("resolved_findings", .array(d.resolvedFindings.map(location))),
            ("summary", .string(d.summary)),
        ])
    }
}
