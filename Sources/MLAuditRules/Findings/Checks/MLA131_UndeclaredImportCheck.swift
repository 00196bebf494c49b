import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// Third-party imports of product code that no dependency declaration names: a fresh install from the repository's
/// own requirements fails at that import. Conservative by construction:
/// - only unconditional imports (column 0, so not inside a function, a `try:`/`except ImportError`, an `if
///   TYPE_CHECKING:` or a platform branch);
/// - the standard library, pip's own packages and the repository's own modules (any `.py` file or folder name in
///   the tree) are never third-party;
/// - every declaration counts, optional groups and extras included (requirements*, constraints, pyproject
///   `dependencies`/`optional-dependencies`/poetry/dependency groups, setup.py and setup.cfg, conda `environment.yml`),
///   and so does what a declared distribution always installs (`PythonDistributions.bringsAlong`);
/// - a repository that declares nothing at all gets no finding here (that is the lock-file / install advice).
/// For a pip-installable library only its packages are read (examples and benchmarks carry their own requirements).
package struct UndeclaredImportCheck: FindingCheck {
    package let code = FindingCode.mla131
    package let severity = Severity.medium
    package let capability: Capability? = .securitySafety
    package let summary = "Product code imports a third-party package that no dependency declaration names."
    package let why =
        "A fresh install from the repository's own requirements fails at that import (ModuleNotFoundError) or picks up whatever version happens to be installed."
    package let fix = "Declare each distribution where the repository declares the others (same file, same style)."
    package var triggering: [FindingExample] {
        [
            FindingExample(
                [
                    "requirements.txt": "torch>=2.0\nnumpy\n",
                    "train.py": "import os\nimport torch\nimport yaml\nimport wandb\nfrom model import GPT\n",
                    "model.py": "import torch.nn as nn\n",
                ], needsPythonReader: true),
            FindingExample(
                [
                    "pyproject.toml": "[project]\nname = \"pkg\"\ndependencies = [\"torch\"]\n",
                    "pkg/__init__.py": "", "pkg/data.py": "import cv2\n",
                ], needsPythonReader: true),
        ]
    }
    package var clean: [FindingExample] {
        [
            // Declared under another name, optional group, guarded, lazy, local, stdlib, brought along by torch.
            FindingExample(
                [
                    "pyproject.toml":
                        "[project]\nname = \"pkg\"\ndependencies = [\"torch\", \"PyYAML>=6\"]\n[project.optional-dependencies]\ncv = [\"opencv-python\"]\n",
                    "pkg/__init__.py": "", "pkg/utils.py": "",
                    "pkg/a.py":
                        "import os, json\nimport yaml\nimport cv2\nimport jinja2\nfrom pkg import utils\nfrom . import utils\ntry:\n    import wandb\nexcept ImportError:\n    wandb = None\nif TYPE_CHECKING:\n    import pandas\ndef f():\n    import deepspeed\n",
                    "examples/demo.py": "import gradio\n",
                ], needsPythonReader: true),
            // A bare VCS URL names its project; a sub-project's README `pip install` line declares its imports.
            FindingExample(
                [
                    "requirements.txt": "git+https://github.com/huggingface/peft.git\ntorch\n",
                    "export.py": "from peft import PeftModel\n",
                    "api/README.md": "Run `pip install Flask` first.\n", "api/app.py": "from flask import Flask\n",
                ], needsPythonReader: true),
            // A src layout installs src/ only: a top-level `scripts/__init__.py` does not make scripts package code.
            FindingExample(
                [
                    "pyproject.toml": "[project]\nname = \"pkg\"\ndependencies = [\"torch\"]\n",
                    "src/pkg/__init__.py": "import torch\n", "scripts/__init__.py": "",
                    "scripts/convert_x.py": "import lavis\n",
                ], needsPythonReader: true),
            // A wrapper module every importer imports under `try/except ImportError` (an optional fused optimizer),
            // a compiled extension of a package built from source, a one-off conversion script.
            FindingExample(
                [
                    "requirements.txt": "torch\n",
                    "train.py": "import torch\nimport fused_layer_norm_cuda\nfrom optim import build\n",
                    "optim.py":
                        "import torch\ntry:\n    from fused_adam import FusedAdam\nexcept (ImportError, ModuleNotFoundError):\n    FusedAdam = None\n",
                    "fused_adam.py": "import amp_C\nfrom apex.optimizers import FusedAdam as _A\n",
                    "tools/convert_jax_to_torch.py": "import jax\n",
                ], needsPythonReader: true),
            // Nothing declared at all: not this check's finding.
            FindingExample(["train.py": "import torch\nimport wandb\n"], needsPythonReader: true),
            // setup.py install_requires without versions, and a sibling script folder imported by name.
            FindingExample(
                [
                    "setup.py":
                        "from setuptools import setup\nsetup(name='x', install_requires=['numpy', 'scikit-learn'])\n",
                    "tools/run.py": "import numpy as np\nfrom sklearn import metrics\nimport helpers\n",
                    "tools/helpers.py": "",
                ], needsPythonReader: true),
        ]
    }

    /// The missing distributions (normalized names, sorted) with the first import site of each.
    package static func missing(_ context: FindingContext) -> [(dist: String, evidence: Evidence)] {
        context.facts.memo("MLA131.missing") { computeMissing(context) }
    }

    static func computeMissing(_ context: FindingContext) -> [(dist: String, evidence: Evidence)] {
        guard let declared = Self.declaredDistributions(context), !declared.isEmpty else { return [] }
        var satisfied = declared
        for d in declared { satisfied.formUnion(PythonDistributions.bringsAlong[d] ?? []) }
        let local = Self.localNames(context)
        var firstSite: [String: (dist: String, evidence: Evidence)] = [:]
        var order: [String] = []
        let optional = Self.optionallyImportedModules(context)
        for m in Self.modules(context) {
            // A module the rest of the code imports only under a guard (`try: from pkg.fused import X` / `except
            // ImportError`) or lazily is an optional feature: its own imports are optional with it. A one-off
            // conversion script (`convert_*.py`) imports the code it converts from.
            let file = m.path.split(separator: "/").last.map(String.init) ?? m.path
            if optional.contains(m.path) || file.hasPrefix("convert_") { continue }
            // Code whose nearest requirements file installs a project by path or URL may get any import from it.
            if let req = Self.nearestRequirements(of: m.path, context), Self.installsOpaqueProjects(req, context) {
                continue
            }
            let shapes = context.facts.analysis(LineShapes.Analysis(), of: m.path) ?? LineShapes(text: "")
            for imp in m.imports where imp.level == 0 && !imp.module.isEmpty {
                guard imp.line >= 1, imp.line <= shapes.count, shapes.startsImport(imp.line) else { continue }
                let top = String(imp.module.split(separator: ".").first ?? "")
                if top.isEmpty || top.hasPrefix("_") || Self.isCompiledExtensionName(top)
                    || PythonDistributions.standardLibrary.contains(top)
                    || PythonDistributions.alwaysInstalled.contains(top) || local.contains(top)
                {
                    continue
                }
                let candidates = Self.providers(of: imp.module)
                if candidates.contains(where: satisfied.contains) { continue }
                // A declared name carrying the import name as a part (`ai2-catwalk` for `catwalk`), or a member of
                // the same namespace (`google-cloud-storage` for `google.api_core`): assume it provides the import.
                let stem = Self.normalize(top)
                if satisfied.contains(where: { $0.hasPrefix(stem + "-") || $0.hasSuffix("-" + stem) }) { continue }
                let key = candidates[0]
                if firstSite[key] == nil {
                    firstSite[key] = (key, context.facts.evidence(m.path, imp.line))
                    order.append(key)
                }
            }
        }
        return order.sorted().compactMap { firstSite[$0] }
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let found = Self.missing(context)
        guard !found.isEmpty else { return [] }
        let names = found.map(\.dist)
        let evidence = found.map(\.evidence)
        let shown = names.prefix(6).map { "`\($0)`" }.joined(separator: ", ")
        let more = names.count > 6 ? " and \(names.count - 6) more" : ""
        return [
            FindingHit(
                title: "\(names.count) imported distribution(s) declared nowhere: \(shown)\(more)",
                evidence: evidence, strength: .code,
                fix: "Add \(names.prefix(6).joined(separator: ", "))\(more) to "
                    + (Self.declarationFiles(context).first.map { "`\($0)`" } ?? "the dependency declaration")
                    + ", or guard the import if the feature is optional.")
        ]
    }

    /// A compiled extension module's name (`amp_C`, `fused_layer_norm_cuda`, `flash_attn_2_cuda`, `_ext`): built by
    /// a package installed from source (apex, a CUDA kernel folder), never a distribution on an index.
    static func isCompiledExtensionName(_ name: String) -> Bool {
        guard PythonDistributions.providers[name] == nil else { return false }
        return name.hasSuffix("_C") || name.hasSuffix("_cuda") || name.hasSuffix("_cpp") || name.hasSuffix("_ext")
            || name.hasSuffix("_kernels")
    }

    /// Product modules that some other module imports, and every importer imports only inside a block (a `try:` /
    /// `except ImportError`, an `if HAVE_X:` or a function body): optional features whose own top-level imports a
    /// plain install need not satisfy.
    static func optionallyImportedModules(_ context: FindingContext) -> Set<String> {
        context.facts.memo("MLA131.optionalModules") { () -> Set<String> in
            // Dotted name of each module file (with and without a leading `src.`).
            var byName: [String: String] = [:]
            for m in context.productModules where m.path.hasSuffix(".py") {
                var dotted = m.path.dropLast(3).replacingOccurrences(of: "/", with: ".")
                if dotted.hasSuffix(".__init__") { dotted = String(dotted.dropLast(9)) }
                byName[dotted] = m.path
                if dotted.hasPrefix("src.") { byName[String(dotted.dropFirst(4))] = m.path }
            }
            var guarded: [String: Bool] = [:]  // path -> every import so far is inside a block
            for m in context.facts.python.values where m.path.hasSuffix(".py") {
                let shapes = context.facts.analysis(LineShapes.Analysis(), of: m.path) ?? LineShapes(text: "")
                let package = m.path.split(separator: "/").dropLast().map(String.init)
                for imp in m.imports where imp.line >= 1 && imp.line <= shapes.count {
                    var base = imp.module
                    if imp.level > 0 {
                        guard imp.level - 1 <= package.count else { continue }
                        let parent = package.dropLast(imp.level - 1).joined(separator: ".")
                        base = [parent, imp.module].filter { !$0.isEmpty }.joined(separator: ".")
                    }
                    let targets = [base] + imp.names.map { base.isEmpty ? $0.name : base + "." + $0.name }
                    // A package import (`from pkg import mod`) names the module; `from pkg.mod import X` too.
                    guard let target = targets.reversed().compactMap({ byName[$0] }).first, target != m.path
                    else { continue }
                    let indented = shapes.isIndented(imp.line)
                    guarded[target] = (guarded[target] ?? true) && indented
                }
            }
            return Set(guarded.filter(\.value).keys)
        }
    }

    /// `requirements.txt` in the module's folder or the nearest ancestor folder (the root included).
    package static func nearestRequirements(of path: String, _ context: FindingContext) -> String? {
        var parts = path.split(separator: "/").dropLast()
        while true {
            let candidate = (parts + ["requirements.txt"]).joined(separator: "/")
            if context.facts.snapshot.file(candidate) != nil { return candidate }
            guard !parts.isEmpty else { return nil }
            parts = parts.dropLast()
        }
    }

    /// The file installs a project whose own dependencies are not in the tree: a VCS/archive URL or a local path
    /// (other than the repository itself, `.` / `-e .`).
    static func installsOpaqueProjects(_ path: String, _ context: FindingContext) -> Bool {
        context.facts.lines(path).contains { raw in
            let t = raw.split(separator: "#", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if t.isEmpty || t == "." || t == "-e ." || t.hasPrefix("-r") || t.hasPrefix("-c") { return false }
            if t.contains("://") { return true }
            let spec = t.hasPrefix("-e ") ? String(t.dropFirst(3)) : t
            return spec.hasPrefix(".") || spec.hasPrefix("/") || (spec.contains("/") && !spec.contains(" "))
        }
    }

    /// Normalized distribution names (lowercase, `_`/`.` as `-`, extras dropped).
    package static func normalize(_ name: String) -> String {
        let base = name.prefix { $0 != "[" }
        return base.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: ".", with: "-")
    }

    /// The distributions that could provide `module` (longest dotted prefix in the data table first).
    static func providers(of module: String) -> [String] {
        let parts = module.split(separator: ".").map(String.init)
        for n in stride(from: parts.count, through: 1, by: -1) {
            if let p = PythonDistributions.providers[parts.prefix(n).joined(separator: ".")] {
                return p.map(normalize)
            }
        }
        return [normalize(parts[0])]
    }

    package static func declarationFiles(_ context: FindingContext) -> [String] {
        context.files { f in
            let n = f.name.lowercased()
            return f.kind == .requirements || n == "pyproject.toml" || n == "setup.py" || n == "setup.cfg"
                || n == "environment.yml" || n == "environment.yaml"
        }.map(\.path).sorted { ($0.split(separator: "/").count, $0) < ($1.split(separator: "/").count, $1) }
    }

    /// Every distribution named by any declaration of the tree (liberal: a name anywhere in a declaration counts).
    /// The normalized names every declaration names; nil when a declaration file could not be read (then nothing
    /// can be said to be undeclared).
    package static func declaredDistributions(_ context: FindingContext) -> Set<String>? {
        var out = Set<String>()
        let nameRegex = #"^[A-Za-z0-9][A-Za-z0-9_.\-]*(\[[^\]]*\])?\s*((===|==|>=|<=|~=|!=|>|<)[^;]*)?(;.*)?$"#
        func add(_ spec: Substring) {
            var s = spec.trimmingCharacters(in: .whitespaces)
            // (`fastContains` answers as Foundation's search does: the ranges are only looked for when present)
            if s.fastContains("#egg="), let egg = s.range(of: "#egg=") {
                s = String(s[egg.upperBound...].prefix { !$0.isWhitespace && $0 != "&" })
            } else if s.fastContains("://"), !s.fastContains(" @ ") {
                // A bare VCS or archive URL names its project in the last path segment (`.../peft.git@v0.3`).
                let path = s.split(separator: " ").first.map(String.init) ?? s
                let last = path.split(separator: "/").last.map(String.init) ?? ""
                s = String(last.split(separator: "@").first ?? "")
                for suffix in [".git", ".zip", ".tar.gz"] where s.hasSuffix(suffix) {
                    s = String(s.dropLast(suffix.count))
                }
            }
            if s.fastContains(" @ "), let at = s.range(of: " @ ") { s = String(s[..<at.lowerBound]) }
            // (the shared compiled pattern: `range(of:options: .regularExpression)` compiled it once per spec)
            guard s.containsMatch(nameRegex) else { return }
            let name = s.prefix { $0.isLetter || $0.isNumber || "-_.".contains($0) }
            if !name.isEmpty { out.insert(normalize(String(name))) }
        }
        // `pip install a b` lines of the documentation are the declaration of code that has no other.
        for f in context.files({ $0.kind == .markdown }) where context.contains(f.path, "pip install ") {
            for line in context.facts.lines(f.path) {
                guard line.fastContains("pip install "), let at = line.range(of: "pip install ") else { continue }
                for token in line[at.upperBound...].split(separator: " ") {
                    let t = token.trimmingCharacters(in: CharacterSet(charactersIn: "\"'`"))
                    if t.hasPrefix("-") || t == "." { continue }
                    if ["&&", "|", ";", "#"].contains(where: t.hasPrefix) { break }
                    add(Substring(t))
                }
            }
        }
        for path in declarationFiles(context) {
            let lines = context.facts.lines(path)
            let name = path.split(separator: "/").last.map { $0.lowercased() } ?? ""
            switch name {
            case "setup.py":
                for s in context.facts.python[path]?.strings ?? [] where !s.isDocstring { add(Substring(s.value)) }
            case "pyproject.toml", "setup.cfg":
                // Through the one TOML/INI reader. Leniently: every string value (array items, `install_requires`
                // continuation lines, dependency groups, build requirements) and every key of a dependencies table
                // (poetry's `numpy = "^1.26"`) counts as declared; a file the reader could not parse declares
                // everything, since what it holds is unknown.
                let entries = context.facts.builtConfig.entries(in: path)
                if entries.isEmpty, lines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                    return nil
                }
                for e in entries {
                    for part in e.value.split(separator: "\n") { add(part) }
                    if !e.isListItem, e.keyPath.contains("dependencies") || e.keyPath.contains("requires") {
                        add(Substring(e.key))
                    }
                }
            case "environment.yml", "environment.yaml":
                for line in lines {
                    let t = line.drop { $0 == " " }
                    if t.hasPrefix("- ") { add(t.dropFirst(2).split(separator: "=").first ?? "") }
                }
            default:
                for e in Requirements.entries(lines) { add(Substring(e.text)) }
            }
        }
        return out
    }

    /// The repository's own module names: every Python file's stem and every folder holding Python files.
    static func localNames(_ context: FindingContext) -> Set<String> {
        var out = Set<String>()
        for f in context.facts.files where f.kind == .python {
            let parts = f.path.split(separator: "/")
            if let last = parts.last { out.insert(String(last.split(separator: ".").first ?? last)) }
            for p in parts.dropLast() { out.insert(String(p)) }
        }
        return out
    }

    /// The modules read: a packaged library's packages, otherwise product code outside examples, docs and benchmarks.
    static func modules(_ context: FindingContext, packagesOnly: Bool? = nil) -> [PythonModule] {
        let excluded: Set<String> = [
            "examples", "example", "docs", "doc", "benchmarks", "benchmark", "notebooks", "tutorials", "demo", "demos",
        ]
        let product = context.productModules.filter { m in
            m.path.hasSuffix(".py")
                && !m.path.split(separator: "/").dropLast().contains { excluded.contains($0.lowercased()) }
                && !["setup.py", "noxfile.py", "conftest.py"].contains(String(m.path.split(separator: "/").last ?? ""))
        }
        guard packagesOnly ?? RepositoryKind.isPackagedLibrary(context) else { return product }
        // What `pip install` installs: with a src layout, a top-level `scripts/__init__.py` does not make the
        // conversion scripts package code.
        return product.filter { InstalledPackages.contains($0.path, context) }
    }
}
