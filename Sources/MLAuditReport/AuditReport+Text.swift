/// The report with `transform` applied to every free-text field (titles, prose, evidence text, patches, paths,
/// gate output, errors, the script). Codes, dates, timestamps, steps, kinds and numbers are left as they are.
/// The pipeline redacts the report value with it, so every consumer of the value gets redacted text.
extension AuditReport {
    package func mappingText(_ transform: (String) -> String) -> AuditReport {
        withoutActuallyEscaping(transform) { t in mapped(t) }
    }

    private func mapped(_ t: @escaping (String) -> String) -> AuditReport {
        let ev = { (e: Evidence) in Evidence(path: t(e.path), line: e.line, text: e.text.map(t)) }
        var r = self
        r.preamble.repositoryURL = t(preamble.repositoryURL)
        r.preamble.branches = preamble.branches.map(t)
        r.preamble.displayName = t(preamble.displayName)
        r.preamble.environmentName = t(preamble.environmentName)
        r.repository.remoteURL = repository.remoteURL.map(t)
        r.repoMap.keyFiles = repoMap.keyFiles.map(t)
        r.repoMap.recentChanges = repoMap.recentChanges.map {
            RecentChange(commit: $0.commit, date: $0.date, subject: t($0.subject))
        }
        r.repoMap.skippedFiles = repoMap.skippedFiles.map {
            SkippedFile(path: t($0.path), cause: $0.cause.mappingText(t))
        }
        r.stubs = stubs.map { s in
            var s = s
            s.path = t(s.path)
            s.symbol = t(s.symbol)
            s.text = t(s.text)
            return s
        }
        r.capabilities = capabilities.map { c in
            var c = c
            c.subfeatures = c.subfeatures.map { s in
                var s = s
                s.evidence = s.evidence.map(ev)
                s.override = s.override.map { $0.mappingText(t) }
                return s
            }
            c.artifacts = c.artifacts.map(t)
            c.gaps = c.gaps.map { CapabilityGap(subfeature: $0.subfeature, text: t($0.text), files: $0.files.map(t)) }
            c.risks = c.risks.map(t)
            c.patchPlan = t(c.patchPlan)
            c.rollback = t(c.rollback)
            return c
        }
        r.findings = findings.map { f in
            var f = f
            f.title = t(f.title)
            f.why = t(f.why)
            f.fix = t(f.fix)
            f.evidence = f.evidence.map(ev)
            return f
        }
        r.diffs = diffs.map { d in
            var d = d
            d.title = t(d.title)
            d.why = t(d.why)
            d.risk = t(d.risk)
            d.rollback = t(d.rollback)
            d.testsDocs = t(d.testsDocs)
            d.paths = d.paths.map(t)
            d.patch = t(d.patch)
            if var run = d.testRun {
                run.output = run.output.map(t)
                run.command = run.command.map(t)
                d.testRun = run
            }
            return d
        }
        r.gates = gates.map { g in
            var g = g
            g.command = t(g.command)
            g.purpose = t(g.purpose)
            g.output = g.output.map(t)
            g.source = g.source.map(ev)
            return g
        }
        r.reproducibility = reproducibility.map { i in
            var i = i
            i.item = t(i.item)
            i.notes = t(i.notes)
            i.evidence = i.evidence.map(ev)
            return i
        }
        r.deferred = deferred.map { DeferredItem(item: t($0.item), rationale: t($0.rationale), plan: t($0.plan)) }
        r.errors = errors.map { e in
            var e = e
            e.error = t(e.error)
            e.context = t(e.context)
            e.path = e.path.map(t)
            return e
        }
        r.taskSequence.phases = taskSequence.phases.map { p in
            var p = p
            p.steps = p.steps.map(t)
            return p
        }
        r.script = t(script)
        r.ledger = ledger.map { l in
            var l = l
            l.path = t(l.path)
            l.openRows = l.openRows.map(t)
            return l
        }
        r.suppressed = suppressed.map { s in
            var s = s
            s.title = t(s.title)
            s.path = s.path.map(t)
            s.by = t(s.by)
            return s
        }
        r.delta = delta.map { d in
            var d = d
            let loc = { (l: ReportDelta.FindingLocation) -> ReportDelta.FindingLocation in
                var l = l
                l.title = t(l.title)
                l.path = l.path.map(t)
                return l
            }
            d.newFindings = d.newFindings.map(loc)
            d.resolvedFindings = d.resolvedFindings.map(loc)
            return d
        }
        return r
    }
}
