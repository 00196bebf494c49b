import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// At the modules MLA144 cites: the missing import added, only when the target is certain: the repository's other
/// files bind that exact name by one import form (at least twice, at least two thirds of the imports binding it;
/// relative forms only from files of the same folder). The import joins an existing `from M import …` of the same
/// module when there is one, else goes beside the file's imports of the same package (in module order), else after
/// the file's last top-level import; never past the repository's line length (120 when it declares none).
package struct MissingImportProposer: DiffProposer {
    package let code = DiffCode.mld230
    package let findings: [FindingCode] = [.mla144]
    package let subfeatures: [Subfeature] = []

    package static let maxFiles = 8

    /// How a repository binds a name by import.
    package struct Form: Hashable, Comparable {
        package var module: String
        package var level: Int
        package var isFrom: Bool
        /// For `from` imports, the imported name; for plain imports, nil.
        package var name: String?
        package var alias: String?
        package var statement: String {
            let dots = String(repeating: ".", count: level)
            let bound = alias.map { " as \($0)" } ?? ""
            return isFrom ? "from \(dots)\(module) import \(name ?? "")\(bound)" : "import \(module)\(bound)"
        }
        package static func < (a: Form, b: Form) -> Bool { a.statement < b.statement }
    }

    /// Who binds which name at module level in the product and test modules: per name, each import binding it (with
    /// the importing file and its folder) and the files that assign it at top level. Taken once per proposal, so
    /// each missing name is looked up instead of rescanning every module's imports.
    package struct Bindings {
        struct Binding {
            var path: String
            var folder: String
            var form: Form
        }
        var imports: [String: [Binding]] = [:]
        var assigned: [String: Set<String>] = [:]

        package init(_ context: FindingContext) {
            for m in context.facts.code.product + context.facts.code.tests {
                let folder = (m.path as NSString).deletingLastPathComponent
                for i in m.imports {
                    if i.isFrom {
                        for n in i.names where n.name != "*" {
                            imports[n.alias ?? n.name, default: []].append(
                                Binding(
                                    path: m.path, folder: folder,
                                    form: Form(
                                        module: i.module, level: i.level, isFrom: true, name: n.name,
                                        alias: n.alias == n.name ? nil : n.alias)))
                        }
                    } else if let a = i.alias {
                        imports[a, default: []].append(
                            Binding(
                                path: m.path, folder: folder,
                                form: Form(module: i.module, level: 0, isFrom: false, name: nil, alias: a)))
                    } else {
                        imports[i.module, default: []].append(
                            Binding(
                                path: m.path, folder: folder,
                                form: Form(module: i.module, level: 0, isFrom: false, name: nil, alias: nil)))
                    }
                }
                for a in m.assignments where a.enclosingFunction == nil {
                    assigned[a.target, default: []].insert(m.path)
                }
            }
        }
    }

    /// The one form the repository uses to bind `name`, seen from `path` (nil when not certain).
    package static func form(of name: String, for path: String, _ bindings: Bindings) -> Form? {
        let folder = (path as NSString).deletingLastPathComponent
        var counts: [Form: Int] = [:]
        // Relative imports count only from files of the same folder.
        for b in bindings.imports[name] ?? [] where b.path != path && (b.form.level == 0 || b.folder == folder) {
            counts[b.form, default: 0] += 1
        }
        // A name other modules bind by assignment (`logger = logging.getLogger(…)`) has no one import form.
        if bindings.assigned[name]?.contains(where: { $0 != path }) == true { return nil }
        let total = counts.values.reduce(0, +)
        guard let best = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), best.value >= 2,
            best.value * 3 >= total * 2
        else { return nil }
        return best.key
    }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let sites = UnboundNameCheck.sites(context).sorted {
            let a = FindingRelevance.isPeripheral($0.path)
            let b = FindingRelevance.isPeripheral($1.path)
            return a != b ? !a : $0.path < $1.path
        }
        let limit = LineLengthPolicy.read(context.facts)?.limit ?? 120
        var firstParty: Set<String> = []
        for f in context.facts.files {
            let parts = f.path.split(separator: "/")
            if parts.count > 1 { firstParty.insert(String(parts[0])) }
            if parts.count > 2, parts[0] == "src" { firstParty.insert(String(parts[1])) }
            if parts.count == 1, f.path.hasSuffix(".py") { firstParty.insert(String(f.path.dropLast(3))) }
        }
        var files: [DiffProposal.File] = []
        var added: [String] = []
        let bindings = Bindings(context)
        for site in sites where files.count < Self.maxFiles {
            let module = site.module
            guard var editor = context.editor(site.path) else { continue }
            var done: [String] = []
            // A name some function imports locally is left alone: the local import may be avoiding a cycle.
            for (name, lines, elsewhere) in site.names where !elsewhere {
                guard let form = Self.form(of: name, for: site.path, bindings),
                    Self.insert(
                        form, into: &editor, module: module, before: lines[0], limit: limit, firstParty: firstParty)
                else { continue }
                done.append("`\(form.statement)` (\(site.path):\(lines[0]))")
            }
            if editor.hasEdits, !done.isEmpty {
                files.append(DiffProposal.File(editor))
                added += done
            }
        }
        guard !files.isEmpty else { return nil }
        let paths = files.map(\.path)
        return DiffProposal(
            title: "Add \(added.count) missing import(s) the rest of the repository already uses"
                + " (\(FindingContext.fileSummary(paths)))",
            why: "These modules read a name nothing in them binds, so the line raises NameError when it runs: "
                + added.prefix(4).joined(separator: ", ") + (added.count > 4 ? ", …" : "")
                + ". Each import is the form the repository's other files use to bind that name.",
            risk:
                "Importing at module level runs the imported module's top-level code when this module loads; the repository's other files already import it the same way.",
            rollback: FindingContext.rollback(modified: paths, created: []),
            testsDocs: "Run the tests that import these modules; the lines cited now resolve the name.",
            files: files)
    }
}
