import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct PackagingRule: CapabilityRule {
    package let description = RuleDescription(
        subfeature: .packaging,
        summary:
            "Installable package metadata for the main code: `setup(...)` in setup.py, `[project]`/`[tool.poetry]` name in pyproject.toml, or `[metadata] name` in setup.cfg.",
        rationale: "Without package metadata, code is imported by path hacks and cannot be installed or versioned.",
        triggering: [
            RuleExample([
                "setup.py":
                    "from setuptools import setup, find_packages\nsetup(name='proj', packages=find_packages())\n"
            ]),
            RuleExample(["pyproject.toml": "[project]\nname = \"proj\"\nversion = \"0.1.0\"\n"]),
            RuleExample([
                "pyproject.toml":
                    "[build-system]\nbuild-backend = \"setuptools.build_meta\"\n[project]\nname = \"app\"\n[tool.setuptools.package-dir]\n\"app\" = \"app\"\n",
                "app/__init__.py": "", "guides/intro.py": "", "integration_tests/t.py": "",
            ]),
        ],
        nonTriggering: [
            RuleExample(["pyproject.toml": "[tool.black]\nline-length = 99\n"], .absent),
            RuleExample(
                [
                    "pyproject.toml":
                        "[build-system]\nrequires = [\"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n[project]\nname = \"app\"\n",
                    "models/__init__.py": "", "segment/predict.py": "", "utils/__init__.py": "",
                ], .absent),
        ],
        stubTerms: "",
        gap: "no installable package metadata; add a `[project]` table to `pyproject.toml` for the main code",
        gapFiles: [.path("pyproject.toml")],
        risk:
            "Imports rely on the working directory, so scripts break when run from elsewhere and versions are untracked.",
        patch:
            "Add `pyproject.toml` with `[project] name/version/dependencies` and `[build-system]` (setuptools); verify with `pip install -e .`.",
        patchFiles: [.path("pyproject.toml")],
        deferral: Deferral(
            .medium, why: "turning scripts into an importable package moves files",
            plan: "add pyproject.toml with [project] metadata and an src/ package, keeping script entry points as shims"
        ))

    package func candidates(in ctx: RuleContext) -> [RuleCandidate] {
        var out = ctx.calls({ ($0.callee == "setup" || $0.callee == "setuptools.setup") })
            .filter { $0.module.path.hasSuffix("setup.py") }.map {
                ctx.candidate($0.module, $0.call, strength: 8, note: "setuptools setup()")
            }
        out += ctx.entries {
            ($0.keyPath == "project.name" || $0.keyPath == "tool.poetry.name") && $0.path.hasSuffix("pyproject.toml")
        }
        .map { e in
            if let why = ctx.flatLayoutRefusal(e) {
                return RuleCandidate(ctx.ev(e.path, e.line), strength: 1, .rejected(why))
            }
            return ctx.candidate(e, strength: 8, note: "pyproject package metadata")
        }
        out += ctx.entries { $0.keyPath == "metadata.name" && $0.path.hasSuffix("setup.cfg") }.map {
            ctx.candidate($0, strength: 7, note: "setup.cfg metadata")
        }
        return out
    }
}

extension RuleContext {
    /// Why setuptools would refuse to build a `[project]` without package settings: its automatic discovery stops
    /// on a flat layout with several top-level packages ("Multiple top-level packages discovered in a flat-layout",
    /// https://setuptools.pypa.io/en/latest/userguide/package_discovery.html#automatic-discovery). Nil otherwise.
    func flatLayoutRefusal(_ name: ConfigEntry) -> String? {
        guard name.keyPath == "project.name", name.path == "pyproject.toml" else { return nil }
        let keys = (entriesByPath[name.path] ?? []).map(\.keyPath)
        let backend =
            (entriesByPath[name.path] ?? []).first { $0.keyPath == "build-system.build-backend" }?.value
            ?? "setuptools.build_meta"
        guard backend.hasPrefix("setuptools"), facts.snapshot.file("setup.py") == nil,
            facts.snapshot.file("setup.cfg") == nil,
            !keys.contains(where: {
                $0.hasPrefix("tool.setuptools.packages") || $0.hasPrefix("tool.setuptools.py-modules")
                    || $0.hasPrefix("tool.setuptools.package-dir")
            }),
            facts.snapshot.file("src") == nil,
            !facts.files.contains(where: { $0.path.hasPrefix("src/") && $0.path.hasSuffix("/__init__.py") })
        else { return nil }
        // setuptools' FlatLayoutPackageFinder.DEFAULT_EXCLUDE
        let excluded: Set<String> = [
            "ci", "bin", "debian", "doc", "docs", "documentation", "manpages", "news", "newsfragments", "changelog",
            "test", "tests", "unit_test", "unit_tests", "example", "examples", "scripts", "tools", "util", "utils",
            "python", "build", "dist", "venv", "env", "requirements", "tasks", "fabfile", "site_scons",
            "benchmark", "benchmarks", "exercise", "exercises", "htmlcov",
        ]
        // the finder is PEP 420 aware: every top-level directory with an identifier name is a package candidate
        let packages = Set(
            facts.files.compactMap { f -> String? in
                let parts = f.path.split(separator: "/")
                guard parts.count >= 2 else { return nil }
                let top = String(parts[0])
                let identifier =
                    top.first.map { $0.isLetter || $0 == "_" } == true
                    && top.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
                return !identifier || excluded.contains(top.lowercased()) || top.hasPrefix("_") ? nil : top
            }
        ).sorted()
        guard packages.count >= 2 else { return nil }
        return
            "setuptools cannot build it: no package settings and several top-level packages in a flat layout (\(packages.prefix(4).joined(separator: ", ")))"
    }
}
