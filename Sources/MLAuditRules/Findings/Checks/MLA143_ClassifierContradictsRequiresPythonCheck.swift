import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// The package's trove classifiers advertise a Python version its own `requires-python` / `python_requires` refuses
/// (`Programming Language :: Python :: 3.10` beside `>=3.12`), in the same file: PyPI lists support that pip will not
/// install. Only exact one-version classifier lines below the declared minimum count.
package struct ClassifierContradictsRequiresPythonCheck: FindingCheck {
    package let code = FindingCode.mla143
    package let severity = Severity.low
    package let capability: Capability? = .deployment
    package let summary = "A Python-version classifier names a version the package's own requires-python excludes."
    package let why =
        "PyPI shows the classifier as supported, but pip refuses to install on that version: users of it are told two things, and only one is true."
    package let fix = "Remove the classifiers below the declared minimum (or lower the minimum if those versions work)."
    package var triggering: [FindingExample] {
        [
            FindingExample([
                "pyproject.toml":
                    "[project]\nname = \"pkg\"\nrequires-python = \">=3.12\"\nclassifiers = [\n    \"Programming Language :: Python :: 3.10\",\n    \"Programming Language :: Python :: 3.12\",\n]\n"
            ])
        ]
    }
    package var clean: [FindingExample] {
        [
            FindingExample([
                "pyproject.toml":
                    "[project]\nname = \"pkg\"\nrequires-python = \">=3.10\"\nclassifiers = [\n    \"Programming Language :: Python :: 3\",\n    \"Programming Language :: Python :: 3 :: Only\",\n    \"Programming Language :: Python :: 3.10\",\n    \"Programming Language :: Python :: 3.13\",\n]\n"
            ]),
            // No declared minimum: a classifier contradicts nothing.
            FindingExample([
                "setup.py":
                    "from setuptools import setup\nsetup(name='p', classifiers=['Programming Language :: Python :: 3.6'])\n"
            ]),
        ]
    }

    /// Classifier lines (1-based) of the declaring file naming a version below the declared minimum.
    package static func contradicting(_ context: FindingContext) -> (DeclaredPython, [(line: Int, minor: Int)])? {
        guard let declared = DeclaredPython.read(context) else { return nil }
        let prefix = "Programming Language :: Python :: 3."
        var out: [(line: Int, minor: Int)] = []
        for (i, l) in context.facts.lines(declared.path).enumerated() {
            let t = l.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"',"))
            guard t.hasPrefix(prefix), let m = Int(t.dropFirst(prefix.count)), m < declared.minor else { continue }
            out.append((line: i + 1, minor: m))
        }
        guard !out.isEmpty else { return nil }
        return (declared, out)
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        guard let (declared, lines) = Self.contradicting(context) else { return [] }
        let versions = lines.map { "3.\($0.minor)" }.joined(separator: ", ")
        return [
            FindingHit(
                title:
                    "\(declared.path) classifiers advertise Python \(versions), which its own requires-python \(declared.specifier) (line \(declared.line)) refuses",
                evidence: [context.facts.evidence(declared.path, declared.line)]
                    + lines.map { context.facts.evidence(declared.path, $0.line) },
                strength: .configuration)
        ]
    }
}
