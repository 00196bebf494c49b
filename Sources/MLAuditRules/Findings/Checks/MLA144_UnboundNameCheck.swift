import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// A name read at run time that nothing in its module binds (pyflakes F821, read without its annotation cases): the
/// line raises NameError when it runs. Bindings are read over every scope of the module (imports, definitions,
/// parameters, assignment / loop / comprehension / `with` / `except` targets, walrus, `global`, `del`, `match`
/// captures); uses are run-time loads only (annotations, attribute names, keyword names and strings are not). No
/// claim about a module that can gain names no statement shows (star import, module `__getattr__`, `exec`,
/// `globals()`, `vars()`/`locals()`, `builtins`, `sys.modules`), that is not Python 3 or is a template, nor about a
/// use inside a `try` whose handler catches NameError or everything; Python 2 builtins and names any file of the
/// repository installs into `builtins` are never reported.
package struct UnboundNameCheck: FindingCheck {
    package let code = FindingCode.mla144
    package let severity = Severity.high
    package let summary = "A name is read at run time that nothing in its module binds: NameError when the line runs."
    package let why =
        "Python resolves a bare name when the line executes: a missing import or a name left over from a refactor raises NameError on the first call of that path, often an error path or a rarely used option that tests never reach."
    package let fix =
        "Import the name where the module's other imports are (or define it); if the line is dead, delete it."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "pkg/model.py":
                        "import torch\n\n\ndef act(x: torch.Tensor) -> torch.Tensor:\n    return F.gelu(x)\n",
                    "tools/convert.py":
                        "import sys\n\ndef main():\n    args = parse(argv)\n    return args\n\ndef parse(a):\n    return a\n",
                ], needsPythonReader: true)
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample(
                [
                    // Annotation-only and quoted names, keyword names, attributes, strings.
                    "pkg/a.py":
                        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    pass\n\ndef f(x: Tensor, y: \"Module\" = None) -> Optional[Tensor]:\n    z: Foo = x\n    return g(key=z).attr\n\ndef g(**kw):\n    s = \"undefined_name\"\n    return kw\n",
                    // try/except NameError (Python 2 compatibility) and broad guards.
                    "pkg/b.py":
                        "try:\n    text_type = unicode\nexcept NameError:\n    text_type = str\n\ntry:\n    get_ipython_thing()\nexcept Exception:\n    pass\n",
                    // A star import or a globals() write can bind anything.
                    "pkg/c.py": "from os.path import *\n\nprint(join('a', 'b'))\n",
                    "pkg/d.py": "for n in ['A', 'B']:\n    globals()[n] = n\n\nprint(A)\n",
                    // Bound in another scope of the module (class body, comprehension, del, match, walrus, lambda).
                    "pkg/e.py":
                        "class C:\n    attr = 1\n\n    def m(self):\n        return [v for v in range(3) if (w := v)] + [w]\n\ndef h(p):\n    match p:\n        case {\"k\": value, **rest}:\n            return value, rest\n        case Point(x=px):\n            return px\n    q = lambda a, *b, c=1, **d: (a, b, c, d)\n    (t, *u), [s] = (1, 2), [3]\n    with open('f') as fh, ctx() as (g1, g2):\n        pass\n    for i, (j, k) in enumerate([]):\n        pass\n    del q\n    global G\n    G = 1\n    return t, u, s, fh, g1, g2, i, j, k\n\ndef ctx():\n    return None\n\nclass Point:\n    pass\n",
                    // Not Python 3 (a Python 2 print statement) and a template.
                    "scripts/old.py": "print \"hello\"\nprint(undefined_py2)\n",
                    "template/{{cookiecutter.name}}/main.py": "x = {{ cookiecutter.value }}\nprint(y)\n",
                    // A name another file installs into builtins.
                    "pkg/setup_i18n.py": "import builtins\nbuiltins._t = lambda s: s\n",
                    "pkg/view.py": "def title():\n    return _t('x')\n",
                ], needsPythonReader: true)
        ]
    }

    /// One module's names read and never bound.
    package struct Site: Sendable {
        package var module: PythonModule
        package var path: String { module.path }
        package var names: [(name: String, lines: [Int], boundElsewhere: Bool)]
        package var firstLine: Int { names.map { $0.lines.first ?? 0 }.min() ?? 0 }
    }

    /// Builtins of Python 2 only: read in compatibility branches a Python 3 run never takes.
    static let python2Builtins: Set<String> = [
        "unicode", "basestring", "xrange", "long", "raw_input", "unichr", "reduce", "file", "execfile", "reload",
        "cmp", "buffer", "apply", "intern", "coerce", "StandardError",
    ]
    /// Names interactive shells and gettext put into builtins (`_`, IPython's `display`).
    static let shellNames: Set<String> = ["_", "get_ipython", "display", "reveal_type", "reveal_locals", "__IPYTHON__"]

    /// Names some file of the repository installs into builtins (`builtins.X = …`, `__builtins__["X"] = …`).
    static func installedBuiltins(_ context: FindingContext) -> Set<String> {
        var out: Set<String> = []
        for m in context.facts.code.product + context.facts.code.tests {
            for a in m.assignments where a.target.hasPrefix("builtins.") || a.target.hasPrefix("__builtins__") {
                let rest = a.target.drop { $0 != "." && $0 != "[" }.dropFirst()
                out.insert(String(rest.filter { $0.isLetter || $0.isNumber || $0 == "_" }))
            }
        }
        return out
    }

    /// `# noqa` (every code) or `# noqa: F821` on the line: the maintainers silenced their linter's undefined-name
    /// rule there on purpose.
    static func exemptedByLinter(_ line: Substring) -> Bool {
        guard let hash = line.firstIndex(of: "#") else { return false }
        let comment = line[hash...].lowercased()
        guard let r = comment.range(of: "noqa") else { return false }
        let rest = comment[r.upperBound...].drop { $0 == " " }
        guard rest.hasPrefix(":") else { return true }
        return rest.dropFirst().split(whereSeparator: { $0 == "," || $0 == " " }).contains { $0 == "f821" }
    }

    /// `# ruff: noqa` / `# flake8: noqa` (with no codes or with F821) anywhere: the file is exempt from linting.
    static func fileExempted(_ lines: [Substring]) -> Bool {
        lines.contains { line in
            let t = line.drop { $0 == " " || $0 == "\t" }.lowercased()
            let marker = ["# ruff: noqa", "# flake8: noqa"].first { t.hasPrefix($0) }
            guard let marker else { return false }
            let rest = t.dropFirst(marker.count).drop { $0 == " " }
            guard rest.hasPrefix(":") else { return true }
            return rest.dropFirst().split(whereSeparator: { $0 == "," || $0 == " " }).contains { $0 == "f821" }
        }
    }

    /// Classes and functions skipped without a condition (`@unittest.skip`, `@pytest.mark.skip`): their bodies never run.
    static func skippedSpans(_ module: PythonModule) -> [LineSpan] {
        let skip: Set<String> = ["unittest.skip", "pytest.mark.skip", "skip", "mark.skip"]
        return module.classes.filter { $0.decorators.contains(where: skip.contains) }.map(\.span)
            + module.functions.filter { $0.decorators.contains(where: skip.contains) }.map(\.span)
    }

    package static func sites(_ context: FindingContext) -> [Site] {
        context.facts.memo("unboundNames") {
            let modules = context.productAndTestSources
            let ignored = python2Builtins.union(shellNames).union(installedBuiltins(context))
            let analysis = NameBindingSummary.Analysis()
            // The bindings were read in the read pass (`NameBindingSummary`); a module it did not cover (a test
            // fixture's facts) is read now.
            let found: [Site?] = ConcurrentMap.map(modules) { module in
                let path = module.path
                guard !path.contains("{{"), !path.contains("{%"),
                    let summary = context.facts.analysis(analysis, of: path), !summary.isOpaque,
                    !summary.exemptFromUndefinedNames
                else { return nil }
                let skipped = skippedSpans(module)
                let names = summary.unbound.filter { !ignored.contains($0.name) }.compactMap {
                    u -> (name: String, lines: [Int], boundElsewhere: Bool)? in
                    let kept = u.lines.filter { n in !skipped.contains { $0.start <= n && n <= $0.end } }
                    return kept.isEmpty ? nil : (u.name, kept, u.boundElsewhere)
                }
                return names.isEmpty ? nil : Site(module: module, names: names)
            }
            return found.compactMap { $0 }
        }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = Self.sites(context)
        guard !sites.isEmpty else { return [] }
        // Installed package code and tests first; example, benchmark and documentation code in a finding of its own.
        let groups = [
            sites.filter { !FindingRelevance.isPeripheral($0.path) },
            sites.filter { FindingRelevance.isPeripheral($0.path) },
        ]
        return groups.enumerated().compactMap { index, group in
            guard !group.isEmpty else { return nil }
            let evidence = group.map { context.facts.evidence($0.path, $0.firstLine) }
            let named = group.flatMap { s in
                s.names.map {
                    "`\($0.name)` (\(s.path):\($0.lines[0])\($0.boundElsewhere ? ", bound only in another function" : ""))"
                }
            }
            let count = group.reduce(0) { $0 + $1.names.count }
            let list = named.prefix(3).joined(separator: ", ") + (named.count > 3 ? ", +\(named.count - 3) more" : "")
            let scopeNote = index == 0 ? "" : " in example or documentation code"
            let title =
                "\(count) name(s) read at run time where nothing binds them\(scopeNote) (\(list)): NameError when the line runs"
            return FindingHit(
                title: title, evidence: evidence, strength: .code, severity: index == 0 ? nil : .medium)
        }
    }
}
