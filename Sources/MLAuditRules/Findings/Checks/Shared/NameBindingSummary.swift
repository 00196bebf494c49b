import MLAuditFacts
import MLAuditPython

/// What MLA144 (unbound names) and MLA145 (undefined exports) need of a module's name bindings, taken in the read
/// pass (`SourceAnalysis`): a few flags and the names found unbound, instead of the module's text read and scanned
/// again per check. Repository-wide inputs (names installed into builtins, sibling files of a package) are applied
/// by the checks.
package struct NameBindingSummary: Sendable {
    /// The module can gain names no statement shows (star import, module `__getattr__`, `exec`/`globals()`/...),
    /// is not Python 3, is a template or is binary: no claim about its names.
    package var isOpaque: Bool
    /// `# ruff: noqa` / `# flake8: noqa` (every code or F821) somewhere in the file (read only when a name is unbound).
    package var exemptFromUndefinedNames: Bool
    /// Names read where nothing visible binds them, in order of first unguarded use, before any repository-wide
    /// ignore list; lines silenced with `# noqa` (every code or F821) are left out.
    package var unbound: [PythonNameBindings.Unbound]
    /// Entries of literal `__all__` lists the module does not bind and that are no builtins; empty when `__all__` is
    /// built by other means or the module is opaque.
    package var unboundExports: [Export]

    package struct Export: Sendable {
        package var name: String
        package var line: Int
    }

    package struct Analysis: SourceAnalysis {
        package let name = "nameBindingSummary"
        package init() {}

        package func encode(_ v: NameBindingSummary, into w: inout FactCodec.Writer) -> Bool {
            w.bool(v.isOpaque)
            w.bool(v.exemptFromUndefinedNames)
            w.list(v.unbound) { w, u in
                w.str(u.name)
                w.list(u.lines) { $0.int($1) }
                w.bool(u.boundElsewhere)
            }
            w.list(v.unboundExports) { w, e in
                w.str(e.name)
                w.int(e.line)
            }
            return true
        }

        package func decode(_ r: inout FactCodec.Reader) -> NameBindingSummary? {
            guard let opaque = r.bool(), let exempt = r.bool(),
                let unbound = r.list({ r -> PythonNameBindings.Unbound? in
                    guard let name = r.str(), let lines = r.list({ $0.int() }), let elsewhere = r.bool() else {
                        return nil
                    }
                    return PythonNameBindings.Unbound(name: name, lines: lines, boundElsewhere: elsewhere)
                }),
                let exports = r.list({ r -> Export? in
                    guard let name = r.str(), let line = r.int() else { return nil }
                    return Export(name: name, line: line)
                })
            else { return nil }
            return NameBindingSummary(
                isOpaque: opaque, exemptFromUndefinedNames: exempt, unbound: unbound, unboundExports: exports)
        }

        package func analyze(_ source: PythonSource) -> NameBindingSummary {
            guard !source.content.isBinary else {
                return NameBindingSummary(
                    isOpaque: true, exemptFromUndefinedNames: false, unbound: [], unboundExports: [])
            }
            let b = PythonNameBindingReader.read(tokenization: source.tokenization)
            let opaque =
                b.hasStarImport || b.hasModuleGetattr || b.hasDynamicNamespace || b.isUnparsable || b.isTemplate
            var summary = NameBindingSummary(
                isOpaque: opaque, exemptFromUndefinedNames: false, unbound: [], unboundExports: [])
            guard !opaque else { return summary }
            if !b.hasComputedExports {
                summary.unboundExports = b.exported.filter {
                    !b.bound.contains($0.name) && !PythonNameBindingReader.builtins.contains($0.name)
                }.map { Export(name: $0.name, line: $0.line) }
            }
            let found = b.unbound(ignoring: [])
            guard !found.isEmpty else { return summary }
            let lines = source.lines
            if UnboundNameCheck.fileExempted(lines) {
                summary.exemptFromUndefinedNames = true
                return summary
            }
            summary.unbound = found.map { u in
                var kept = u
                kept.lines = u.lines.filter { n in
                    !(n >= 1 && n <= lines.count && UnboundNameCheck.exemptedByLinter(lines[n - 1]))
                }
                return kept
            }
            return summary
        }
    }
}
