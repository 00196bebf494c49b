import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Installed package code uses syntax newer than the minimum Python the package declares (`requires-python`,
/// `python_requires`): pip installs it on the declared-but-too-old interpreter, and the first import raises
/// `SyntaxError`. Only constructs that are a syntax error on every older interpreter count (read from tokens: `:=`,
/// positional-only `/`, `f"{x=}"`, parenthesized multi-item `with`, `match`, `except*`, `type X =`, `class C[T]`,
/// an f-string reusing its quote inside a field), and only in files `pip install` installs (`InstalledPackages`).
package struct SyntaxNewerThanRequiresPythonCheck: FindingCheck {
    package let code = FindingCode.mla140
    package let severity = Severity.medium
    package let capability: Capability? = .deployment
    package let summary = "Installed package code uses syntax newer than the declared minimum Python version."
    package let why =
        "pip installs the package on every interpreter the declaration allows; on the oldest ones the first import fails with SyntaxError, and users learn the real minimum from a traceback."
    package let fix =
        "Raise the declared minimum (`requires-python` / `python_requires`) to the version the code needs, or rewrite the construct for the declared minimum."
    package var triggering: [FindingExample] {
        [
            FindingExample([
                "setup.py": "from setuptools import setup\nsetup(name='pkg', python_requires=\">=3.7\")\n",
                "pkg/__init__.py": "", "pkg/log.py": "def show(x):\n    print(f\"{x=}\")\n",
            ]),
            FindingExample([
                "pyproject.toml": "[project]\nname = \"pkg\"\nrequires-python = \">=3.9\"\n",
                "src/pkg/__init__.py": "",
                "src/pkg/cli.py": "def run(cmd):\n    match cmd:\n        case 'a':\n            return 1\n",
            ]),
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                // Old-style code under the declared minimum; the soft keywords used as names.
                "pyproject.toml": "[project]\nname = \"pkg\"\nrequires-python = \">=3.7\"\n",
                "pkg/__init__.py": "",
                "pkg/a.py":
                    "import re\nmatch = re.match('a', 'a')\nmatch.group(0)\ntype = 3\nprint(type)\ndef f(a, b=1, *args, **kw):\n    return a / b\nx = f'{a!r:>10} {b:=^5} {c == d}'\nwith (open('a')) as f:\n    pass\n",
                // Newer syntax outside the installed package: tests, examples, a top-level script.
                "tests/test_a.py": "if (n := 3) > 2:\n    pass\n",
                "examples/demo.py": "match x:\n    case 1:\n        pass\n",
                "tools/run.py": "print(f'{x=}')\n",
            ]),
            // The declaration allows the syntax.
            FindingExample([
                "setup.cfg": "[metadata]\nname = pkg\n[options]\npython_requires = >=3.10\n",
                "pkg/__init__.py": "", "pkg/a.py": "match x:\n    case 1:\n        pass\nif (y := 2):\n    pass\n",
            ]),
            // Nothing declared: nothing to contradict.
            FindingExample(["pkg/__init__.py": "", "pkg/a.py": "def f(a, /, b):\n    return a\n"]),
        ]
    }

    /// Uses per installed file (path order), for the declared minimum; empty without a declaration.
    package static func uses(_ context: FindingContext) -> [(path: String, use: PythonSyntaxFeature.Use)] {
        context.facts.memo("MLA140.uses") {
            guard let declared = DeclaredPython.read(context), declared.minor < 12 else { return [] }
            var out: [(String, PythonSyntaxFeature.Use)] = []
            for f in context.files({ $0.kind == .python && $0.path.hasSuffix(".py") && !$0.isTest })
            where InstalledPackages.contains(f.path, context) {
                // read from the tokens the structure reader took (no second tokenization)
                guard let module = context.facts.python[f.path] else { continue }
                for u in module.syntaxUses where u.feature.minor > declared.minor { out.append((f.path, u)) }
            }
            return out
        }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        guard let declared = DeclaredPython.read(context) else { return [] }
        let found = Self.uses(context)
        guard let newest = found.map(\.use.feature).max() else { return [] }
        let features = Set(found.map(\.use.feature)).sorted().reversed()
        let first = found.first { $0.use.feature == newest }!
        let named = features.prefix(3).map { f in
            let at = found.first { $0.use.feature == f }!
            return "\(f.rawValue) (3.\(f.minor)) at \(at.path):\(at.use.line)"
        }
        // The first use of the newest feature, the declaration, then the other uses.
        let rest = found.filter { !($0.path == first.path && $0.use.line == first.use.line) }
        let evidence =
            [context.facts.evidence(first.path, first.use.line), context.facts.evidence(declared.path, declared.line)]
            + rest.map { context.facts.evidence($0.path, $0.use.line) }
        return [
            FindingHit(
                title:
                    "\(declared.path):\(declared.line) declares Python \(declared.specifier), but installed code needs 3.\(newest.minor): \(named.joined(separator: "; "))\(found.count > named.count ? " (\(found.count) use(s) in all)" : "")",
                evidence: evidence, strength: .code,
                fix:
                    "Raise the declared minimum to `>=3.\(newest.minor)` in \(declared.path):\(declared.line), or rewrite the \(found.count) use(s) for Python 3.\(declared.minor)."
            )
        ]
    }
}
