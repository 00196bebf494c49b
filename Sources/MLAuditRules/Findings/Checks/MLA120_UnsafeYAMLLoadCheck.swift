import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

package struct UnsafeYAMLLoadCheck: FindingCheck {
    package let code = FindingCode.mla120
    package let severity = Severity.high
    package let capability: Capability? = .securitySafety
    package let summary = "`yaml.load` is called without a safe Loader."
    package let why =
        "`yaml.load` with the default/unsafe loader constructs arbitrary Python objects from tags in the file; PyYAML 6 also rejects the call without a Loader."
    package let fix = "Use `yaml.safe_load` (or `Loader=yaml.SafeLoader`)."
    package var triggering: [FindingExample] {
        [
            FindingExample(["cfg.py": "import yaml\ncfg = yaml.load(open(p))\n"], needsPythonReader: true),
            FindingExample(
                ["cfg.py": "import yaml as y\ncfg = y.load(open(p), Loader=y.Loader)\n"], needsPythonReader: true),
        ]
    }
    /// Not triggering: safe loaders, and a project's own loader (a SafeLoader subclass adding a constructor, a
    /// variable chosen between such classes): only the unsafe loaders PyYAML ships, or no Loader at all, count.
    package var clean: [FindingExample] {
        [
            FindingExample(
                ["cfg.py": "import yaml\na = yaml.safe_load(open(p))\nb = yaml.load(s, Loader=yaml.SafeLoader)\n"],
                needsPythonReader: true),
            FindingExample(
                [
                    "port.py":
                        "from ruamel.yaml import YAML\n\n\ndef main(p):\n    yaml = YAML(typ='safe')\n    with open(p) as f:\n        return yaml.load(f)\n"
                ], needsPythonReader: true),
            FindingExample(
                [
                    "tasks/_yaml_loader.py":
                        "import yaml\n\n\nclass TaskLoader(yaml.CSafeLoader):\n    pass\n\n\ndef load(fh, loader_cls=TaskLoader):\n    return yaml.load(fh, Loader=loader_cls)  # noqa: S506\n"
                ], needsPythonReader: true),
        ]
    }

    /// PyYAML's loaders that construct arbitrary Python objects (FullLoader refuses them since PyYAML 5.4).
    package static let unsafeLoaders: Set<String> = ["Loader", "UnsafeLoader", "CLoader", "CUnsafeLoader"]

    /// The call's receiver is the PyYAML module: imported as such (`import yaml`, `import yaml as y`, `from yaml
    /// import load`) and not rebound in the calling scope. A `yaml = YAML(typ='safe')` object (ruamel.yaml) has a
    /// `load` method of its own, safe with that type.
    package static func receiverIsPyYAML(_ c: PythonCall, in m: PythonModule) -> Bool {
        let parts = c.callee.split(separator: ".")
        guard let head = parts.first.map(String.init) else { return false }
        if parts.count == 1 {
            return m.imports.contains {
                $0.isFrom && $0.module == "yaml" && $0.names.contains { ($0.alias ?? $0.name) == head }
            }
        }
        let imported = m.imports.contains { !$0.isFrom && $0.module == "yaml" && ($0.alias ?? "yaml") == head }
        let rebound = m.assignments.contains {
            $0.target == head && ($0.enclosingFunction == nil || $0.enclosingFunction == c.enclosingFunction)
        }
        return imported && !rebound
    }

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = context.calls(["yaml.load", "yaml.load_all"]).filter { m, c in
            guard Self.receiverIsPyYAML(c, in: m) else { return false }
            let loader = c.keywordValues["Loader"] ?? (c.positionalArguments.count > 1 ? c.positionalArguments[1] : nil)
            guard let l = loader else { return true }
            return Self.unsafeLoaders.contains(FindingContext.lastSegment(l))
        }
        guard !sites.isEmpty else { return [] }
        let evidence = sites.map { context.evidence($0.0, $0.1) }
        return [
            FindingHit(
                title: "\(sites.count) unsafe `yaml.load` call(s) (\(evidence.citationSummary))", evidence: evidence,
                strength: .code)
        ]
    }
}
