import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// `__all__` names a name the module neither defines nor imports (pyflakes F822): `from module import *` raises
/// AttributeError, and documentation tools list a symbol that does not exist. Only literal `__all__` lists (a list
/// built from other modules' `__all__` or a call is not read), in modules that cannot gain names no statement shows
/// (see MLA144), and in a package's `__init__.py` not a name of one of its submodules (`from pkg import *` imports
/// those).
package struct UndefinedExportCheck: FindingCheck {
    package let code = FindingCode.mla145
    package let severity = Severity.medium
    package let summary = "`__all__` lists a name the module neither defines nor imports."
    package let why =
        "`from module import *` looks up every name in `__all__` and raises AttributeError on one that does not exist, so the star import fails as a whole; API documentation built from `__all__` lists a symbol that is gone (usually renamed or removed without updating the list)."
    package let fix = "Remove the name from `__all__`, or import or define it under that name if it was renamed."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/gen.py":
                        "__all__ = [\n    'Greedy',\n    'BeamSearchWithLM',\n]\n\n\nclass Greedy:\n    pass\n"
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    // Imported, defined, assigned, and a submodule of the package.
                    "pkg/__init__.py":
                        "from .core import run\nfrom . import helpers\n\n__all__ = ['run', 'helpers', 'VERSION', 'tools', 'main']\nVERSION = '1'\n\ndef main():\n    pass\n",
                    "pkg/core.py": "def run():\n    pass\n",
                    "pkg/helpers.py": "",
                    "pkg/tools/__init__.py": "",
                    // Computed lists and lazy modules are not read.
                    "pkg/b.py": "from .core import *\nfrom . import core\n__all__ = core.__all__ + ['extra']\n",
                    "pkg/c.py":
                        "import sys\n__all__ = ['Lazy']\nsys.modules[__name__] = object()\n",
                    "pkg/d.py": "__all__ = ['later']\n\ndef __getattr__(name):\n    return name\n",
                ], needsPythonReader: true)
        ]
    }

    package struct Site: Sendable {
        package var path: String
        package var names: [(name: String, line: Int)]
    }

    package static func sites(_ context: FindingContext) -> [Site] {
        context.facts.memo("undefinedExports") {
            let paths = Set(context.facts.files.map(\.path))
            let analysis = NameBindingSummary.Analysis()
            let found: [Site?] = ConcurrentMap.map(context.productModules.filter { $0.path.hasSuffix(".py") }) {
                module in
                let path = module.path
                guard let summary = context.facts.analysis(analysis, of: path), !summary.unboundExports.isEmpty
                else { return nil }
                let folder = (path as NSString).deletingLastPathComponent
                let prefix = folder.isEmpty ? "" : folder + "/"
                let isPackage = (path as NSString).lastPathComponent == "__init__.py"
                let missing = summary.unboundExports.filter { e in
                    !(isPackage
                        && (paths.contains(prefix + e.name + ".py")
                            || paths.contains(prefix + e.name + "/__init__.py")
                            || paths.contains { $0.hasPrefix(prefix + e.name + "/") }))
                }
                return missing.isEmpty ? nil : Site(path: path, names: missing.map { ($0.name, $0.line) })
            }
            return found.compactMap { $0 }
        }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        let evidence = sites.flatMap { s in s.names.map { context.facts.evidence(s.path, $0.line) } }.productFirst
        let named = sites.flatMap { s in s.names.map { "`\($0.name)` (\(s.path):\($0.line))" } }
        let list = named.prefix(3).joined(separator: ", ") + (named.count > 3 ? ", +\(named.count - 3) more" : "")
        return [
            FindingHit(
                title:
                    "\(named.count) name(s) in `__all__` that the module neither defines nor imports (\(list)): `from … import *` raises AttributeError",
                evidence: evidence, strength: .code)
        ]
    }
}
