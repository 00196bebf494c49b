import Foundation
import MLAuditPython
import MLAuditKit
import MLAuditReport
import MLAuditFacts

package struct PackagingRule: CapabilityRule {
    package let description = RuleDescription(
        code: "CAP-DEP-01", capability: "Deployment", subfeature: "packaging",
        summary: "Installable package metadata for the main code: `setup(...)` in setup.py, `[project]`/`[tool.poetry]` name in pyproject.toml, or `[metadata] name` in setup.cfg.",
        rationale: "Without package metadata, code is imported by path hacks and cannot be installed or versioned.",
        triggering: [RuleExample(["setup.py": "from setuptools import setup, find_packages\nsetup(name='proj', packages=find_packages())\n"]),
                     RuleExample(["pyproject.toml": "[project]\nname = \"proj\"\nversion = \"0.1.0\"\n"])],
        nonTriggering: [RuleExample(["pyproject.toml": "[tool.black]\nline-length = 99\n"], .absent)],
        stubTerms: "",
        gap: "no installable package metadata; add a `[project]` table to `pyproject.toml` for the main code",
        risk: "Imports rely on the working directory, so scripts break when run from elsewhere and versions are untracked.",
        patch: "Add `pyproject.toml` with `[project] name/version/dependencies` and `[build-system]` (setuptools); verify with `pip install -e .`.")

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.calls({ ($0.callee == "setup" || $0.callee == "setuptools.setup") })
            .filter { $0.module.path.hasSuffix("setup.py") }.map { ctx.candidate($0.module, $0.call, strength: 8, note: "setuptools setup()") }
        out += ctx.entries { ($0.keyPath == "project.name" || $0.keyPath == "tool.poetry.name") && $0.path.hasSuffix("pyproject.toml") }
            .map { ctx.candidate($0, strength: 8, note: "pyproject package metadata") }
        out += ctx.entries { $0.keyPath == "metadata.name" && $0.path.hasSuffix("setup.cfg") }.map { ctx.candidate($0, strength: 7, note: "setup.cfg metadata") }
        return out
    }
}
