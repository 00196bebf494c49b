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
        [FindingExample(["cfg.py": "import yaml\ncfg = yaml.load(open(p))\n"], needsPythonReader: true)]
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
                    "tasks/_yaml_loader.py":
                        "import yaml\n\n\nclass TaskLoader(yaml.CSafeLoader):\n    pass\n\n\ndef load(fh, loader_cls=TaskLoader):\n    return yaml.load(fh, Loader=loader_cls)  # noqa: S506\n"
                ], needsPythonReader: true),
        ]
    }

    /// PyYAML's loaders that construct arbitrary Python objects (FullLoader refuses them since PyYAML 5.4).
    package static let unsafeLoaders: Set<String> = ["Loader", "UnsafeLoader", "CLoader", "CUnsafeLoader"]

    package func evaluate(_ context: FindingContext) -> [FindingHit] {
        let sites = context.calls(["yaml.load", "yaml.load_all"]).filter { _, c in
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
