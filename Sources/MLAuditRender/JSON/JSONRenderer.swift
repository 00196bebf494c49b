import MLAuditKit
import MLAuditReport

/// The JSON twin, `mlaudit.report/1`, keys in the contract's order.
public enum JSONRenderer {
    public static func render(_ r: AuditReport) -> String {
        let top: [(String, JSONValue)] = [
            ("schema", .string(AuditReport.schema)),
            ("tool", .object([("name", .string(r.tool.name)), ("version", .string(r.tool.version))])),
            ("date", .string(r.date)),
            ("repository", repository(r.repository)),
            ("repo_map", repoMap(r.repoMap)),
            ("stubs", .array(r.stubs.map(stub))),
            ("capabilities", .array(r.capabilities.map(capability))),
            ("findings", .array(r.findings.map(finding))),
            ("diffs", .array(r.diffs.map(diff))),
            ("gates", .array(r.gates.map(gate))),
            ("reproducibility", .array(r.reproducibility.map(repro))),
            (
                "deferred",
                .array(
                    r.deferred.map {
                        .object([
                            ("item", .string($0.item)), ("rationale", .string($0.rationale)),
                            ("plan", .string($0.plan)),
                        ])
                    })
            ),
            ("errors", .array(r.errors.map(error))),
            (
                "preamble",
                .object([
                    ("repository_url", .string(r.preamble.repositoryURL)),
                    ("branches", .array(r.preamble.branches.map(JSONValue.string))),
                    ("display_name", .string(r.preamble.displayName)),
                ])
            ),
            (
                "task_sequence",
                .array(
                    r.taskSequence.phases.map {
                        .object([("phase", .string($0.name)), ("steps", .array($0.steps.map(JSONValue.string)))])
                    })
            ),
            (
                "ledger",
                r.ledger.map {
                    .object([("path", .string($0.path)), ("open_rows", .array($0.openRows.map(JSONValue.string)))])
                } ?? .null
            ),
            ("suppressed_count", .int(r.suppressed.count)),
            ("suppressed", .array(r.suppressed.map(JSONDeltaParts.suppressed))),
            ("delta", r.delta.map(JSONDeltaParts.delta) ?? .null),
        ]
        return JSONValue.object(top).serialized()
    }

    package static func evidence(_ e: Evidence) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("path", .string(e.path)), ("line", .int(e.line))]
        if let t = e.text { pairs.append(("text", .string(t))) }
        return .object(pairs)
    }

    package static func repository(_ r: RepositoryInfo) -> JSONValue {
        .object([
            ("name", .string(r.name)), ("commit", .str(r.commit)), ("branch", .str(r.branch)),
            ("most_recent_active_branch", .str(r.mostRecentActiveBranch)),
            (
                "branches",
                .array(
                    r.branches.map {
                        .object([("name", .string($0.name)), ("last_commit_date", .string($0.lastCommitDate))])
                    })
            ),
            ("remote", .str(r.remoteURL)), ("shallow", .bool(r.isShallow)), ("dirty", .bool(r.isDirty)),
        ])
    }

    package static func repoMap(_ m: RepoMap) -> JSONValue {
        .object([
            (
                "directories",
                .array(m.directories.map { .object([("path", .string($0.path)), ("files", .int($0.files))]) })
            ),
            ("key_files", .array(m.keyFiles.map(JSONValue.string))),
            (
                "recent_changes",
                .array(
                    m.recentChanges.map {
                        .object([
                            ("commit", .string($0.commit)), ("date", .string($0.date)),
                            ("subject", .string($0.subject)),
                        ])
                    })
            ),
            ("root_files", .int(m.rootFileCount)), ("total_files", .int(m.totalFiles)),
            ("python_files", .int(m.pythonFiles)),
            (
                "skipped",
                .array(m.skippedFiles.map { .object([("path", .string($0.path)), ("reason", .string($0.reason))]) })
            ),
        ])
    }

    package static func stub(_ s: StubEntry) -> JSONValue {
        .object([
            ("path", .string(s.path)), ("line", .int(s.line)), ("kind", .string(s.kind.rawValue)),
            ("symbol", .string(s.symbol)),
            ("declaration", .bool(s.declaration)), ("capability", .str(s.capability?.rawValue)),
            ("text", .string(s.text)),
            ("borderline", .bool(s.borderline)),
        ])
    }

    package static func capability(_ c: CapabilityAssessment) -> JSONValue {
        .object([
            ("name", .string(c.name)), ("status", .string(c.status.rawValue)),
            (
                "subfeatures",
                .array(
                    c.subfeatures.map { s in
                        var pairs: [(String, JSONValue)] = [
                            ("name", .string(s.name)), ("state", .string(s.state.rawValue)),
                            ("evidence", .array(s.evidence.map(evidence))), ("rule", .string(s.ruleCode.rawValue)),
                        ]
                        if let o = s.override { pairs.append(("override", .string(o.text))) }
                        return .object(pairs)
                    })
            ),
            ("artifacts", .array(c.artifacts.map(JSONValue.string))),
            ("gaps", .array(c.gaps.map { JSONValue.string($0.text) })),
            ("risks", .array(c.risks.map(JSONValue.string))), ("patch_plan", .string(c.patchPlan)),
            ("rollback", .string(c.rollback)),
            ("label", .string(c.label)),
        ])
    }

    package static func finding(_ f: Finding) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("code", .string(f.code.rawValue)), ("severity", .string(f.severity.rawValue)), ("title", .string(f.title)),
            ("why", .string(f.why)), ("fix", .string(f.fix)), ("evidence", .array(f.evidence.map(evidence))),
            ("capability", f.capability.map { .string($0.rawValue) } ?? .null),
            ("subfeature", f.subfeature.map { .string($0.rawValue) } ?? .null), ("filler", .bool(f.filler)),
        ]
        if let first = f.fingerprints.first {
            pairs.append(("fingerprint", .string(first)))
            pairs.append(("fingerprints", .array(f.fingerprints.map(JSONValue.string))))
        }
        return .object(pairs)
    }

    package static func diff(_ d: AtomicDiff) -> JSONValue {
        .object(
            [
                ("title", .string(d.title)), ("why", .string(d.why)), ("risk", .string(d.risk)),
                ("rollback", .string(d.rollback)),
                ("tests_docs", .string(d.testsDocs)), ("paths", .array(d.paths.map(JSONValue.string))),
                ("patch", .string(d.patch)), ("applies", .bool(d.applies)), ("code", .str(d.code?.rawValue)),
                ("scaffold", .bool(d.scaffold)),
            ] + (d.testRun.map { [("tests_run", testRun($0))] } ?? []))
    }

    package static func testRun(_ t: DiffTestRun) -> JSONValue {
        .object([
            ("result", .string(t.result.rawValue)), ("command", .str(t.command)),
            ("tests", .array(t.tests.map(JSONValue.string))), ("exit_code_before", .num(t.exitBefore)),
            ("exit_code_after", .num(t.exitAfter)), ("output", .str(t.output)),
        ])
    }

    package static func gate(_ g: Gate) -> JSONValue {
        .object([
            ("command", .string(g.command)), ("purpose", .string(g.purpose)),
            ("ml_test_score", .array(g.mlTestScore.map { JSONValue.string($0.rawValue) })), ("ran", .bool(g.ran)),
            ("exit_code", .num(g.exitCode)), ("output", .str(g.output)),
            ("source", g.source.map(evidence) ?? .null),
        ])
    }

    package static func repro(_ i: ReproItem) -> JSONValue {
        .object([
            ("item", .string(i.item)), ("status", .string(i.status.rawValue)), ("notes", .string(i.notes)),
            ("evidence", .array(i.evidence.map(evidence))),
        ])
    }

    package static func error(_ e: CapturedError) -> JSONValue {
        .object([
            ("timestamp", .string(e.timestamp)), ("step", .string(e.step.code)), ("error", .string(e.error)),
            ("context", .string(e.context)), ("path", .str(e.path)),
        ])
    }
}
