import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython

/// The minimum Python version a repository declares (`requires-python` in pyproject.toml, `python_requires` in
/// setup.cfg or setup.py), read as written: the highest lower bound of its clauses (`>=3.7`, `~=3.10`, `==3.9.*`,
/// `>3.7` allows 3.7.1 so reads 3.7). No lower bound, or a major version other than 3: nothing declared.
package struct DeclaredPython: Sendable, Equatable {
    package var path: String
    package var line: Int
    /// The specifier as written (`>=3.7`).
    package var specifier: String
    /// The minimum minor version of Python 3.
    package var minor: Int

    package static func read(_ context: FindingContext) -> DeclaredPython? {
        // Memoized as an array: `memo` cannot hold an optional (a missing entry casts to `.some(nil)`).
        context.facts.memo("DeclaredPython") { [find(context)].compactMap { $0 } }.first
    }

    static func find(_ context: FindingContext) -> DeclaredPython? {
        let facts = context.facts
        if facts.snapshot.file("pyproject.toml") != nil,
            let e = facts.builtConfig.entries(in: "pyproject.toml").first(where: {
                $0.keyPath == "project.requires-python"
            }), let m = minimum(e.value)
        {
            return DeclaredPython(path: e.path, line: e.line, specifier: e.value, minor: m)
        }
        if facts.snapshot.file("setup.cfg") != nil,
            let e = facts.builtConfig.entries(in: "setup.cfg").first(where: {
                $0.keyPath == "options.python_requires"
            }), let m = minimum(e.value)
        {
            return DeclaredPython(path: e.path, line: e.line, specifier: e.value, minor: m)
        }
        if facts.snapshot.file("setup.py") != nil {
            // `python_requires=">=3.7"`: a literal on the keyword's own line (a computed value is not read).
            for (i, raw) in facts.lines("setup.py").enumerated() {
                let line = String(raw)
                guard let r = line.range(of: #"python_requires\s*=\s*["']([^"']+)["']"#, options: .regularExpression)
                else { continue }
                let text = line[r]
                guard let q = text.firstIndex(where: { $0 == "\"" || $0 == "'" }) else { continue }
                let spec = String(text[text.index(after: q)...].dropLast())
                if let m = minimum(spec) {
                    return DeclaredPython(path: "setup.py", line: i + 1, specifier: spec, minor: m)
                }
            }
        }
        return nil
    }

    /// The minimum Python 3 minor version a specifier allows, or nil without a lower bound.
    package static func minimum(_ spec: String) -> Int? {
        var best: Int? = nil
        for clause in spec.split(separator: ",") {
            let c = clause.trimmingCharacters(in: .whitespaces)
            var version = Substring(c)
            var isLower = false
            for op in [">=", "~=", "==", ">"] where version.hasPrefix(op) {
                version = version.dropFirst(op.count)
                isLower = true
                break
            }
            guard isLower, !c.hasPrefix("!=") else { continue }
            let parts = version.trimmingCharacters(in: .whitespaces).split(separator: ".")
            guard parts.count >= 2, parts[0] == "3", let minor = Int(parts[1]) else { continue }
            best = max(best ?? minor, minor)
        }
        return best
    }
}

/// What `pip install .` installs: with a src layout (a `src/<name>/__init__.py`), the packages under `src/` only
/// (a top-level `scripts/__init__.py` is not installed); otherwise the top-level folders holding an `__init__.py`,
/// except test, example, documentation and benchmark folders.
package enum InstalledPackages {
    static let neverInstalled: Set<String> = [
        "tests", "test", "examples", "example", "docs", "doc", "benchmarks", "benchmark",
    ]

    /// Package folders (`src/diffusers`, `detectron2`), sorted.
    package static func roots(_ context: FindingContext) -> [String] {
        context.facts.memo("InstalledPackages.roots") {
            let files = context.facts.files.filter { $0.name == "__init__.py" && !$0.isVendored }
            let src = Set(
                files.compactMap { f -> String? in
                    let c = f.components
                    return c.count == 3 && c[0] == "src" ? "src/" + c[1] : nil
                })
            if !src.isEmpty { return src.sorted() }
            return Set(
                files.compactMap { f -> String? in
                    let c = f.components
                    guard c.count == 2, !neverInstalled.contains(c[0].lowercased()) else { return nil }
                    return String(c[0])
                }
            ).sorted()
        }
    }

    /// True when `path` lies in an installed package.
    package static func contains(_ path: String, _ context: FindingContext) -> Bool {
        roots(context).contains { path.hasPrefix($0 + "/") }
    }

    /// The repository path of `module` (`a.b.c`) under the package roots' parents: `a/b/c.py` or `a/b/c/__init__.py`,
    /// also under `src/`; nil when the repository has neither.
    package static func file(ofModule module: String, _ context: FindingContext) -> String? {
        let rel = module.split(separator: ".").joined(separator: "/")
        for base in ["", "src/"] {
            for candidate in [base + rel + ".py", base + rel + "/__init__.py"]
            where context.facts.snapshot.file(candidate) != nil {
                return candidate
            }
        }
        return nil
    }
}
