import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// `yaml.load(x)` with no Loader becomes `yaml.safe_load(x)` at the sites MLA120 cites: PyYAML 6 rejects the call
/// without a Loader, and the default loader of older PyYAML builds arbitrary objects. Calls that pass any Loader
/// (a project's own SafeLoader subclass included) are left alone.
package struct YAMLSafeLoadProposer: DiffProposer {
    package let code = DiffCode.mld213
    package let findings: [FindingCode] = [.mla120]
    package let subfeatures: [Subfeature] = []

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let sites = context.calls(["yaml.load"]).filter { m, c in
            m.path.hasSuffix(".py") && c.keywordValues["Loader"] == nil && c.positionalArguments.count == 1
                && c.keywords.isEmpty && UnsafeYAMLLoadCheck.receiverIsPyYAML(c, in: m)
        }
        var byPath: [String: [PythonCall]] = [:]
        for (m, c) in sites { byPath[m.path, default: []].append(c) }
        var files: [DiffProposal.File] = []
        var cited: [String] = []
        for path in byPath.keys.sorted().prefix(4) {
            guard var editor = context.editor(path) else { continue }
            for call in byPath[path]! {
                let line = editor.line(call.line)
                guard let r = line.range(of: call.callee + "("),
                    line.components(separatedBy: call.callee + "(").count == 2
                else { continue }
                let safe = String(call.callee.dropLast("load".count)) + "safe_load("
                editor.replace(line: call.line - 1, with: line.replacingCharacters(in: r, with: safe))
                cited.append("\(path):\(call.line)")
            }
            if editor.hasEdits { files.append(DiffProposal.File(editor)) }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title: "Read YAML with `yaml.safe_load` (\(cited.prefix(2).joined(separator: ", ")))",
            why:
                "`yaml.load` without a Loader at \(cited.joined(separator: ", ")) raises TypeError on PyYAML >= 6 and builds arbitrary Python objects from tags on older versions; the files read there are plain configuration.",
            risk:
                "A YAML file that relies on Python tags (`!!python/object`) no longer loads at \(cited[0]); plain mappings, lists and scalars load the same.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs:
                "None beyond the existing tests that read these configs; a config with a `!!python` tag now fails loudly.",
            files: files)
    }
}
