import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditRules

/// Scaffold: every YAML file of the repository's config folders parses with a safe loader and gives no key twice
/// in one mapping (PyYAML keeps the last value silently, so a duplicated key is a latent bug). For repositories
/// that read YAML configs (Hydra, OmegaConf, recipe files).
package struct ConfigParseTestProposer: DiffProposer {
    package let code = DiffCode.mld216
    package let findings: [FindingCode] = []
    package let subfeatures: [Subfeature] = []

    package static let folders = ["configs", "config", "conf", "recipes", "cfg"]

    /// pre-commit's `check-yaml` (or yamllint) already loads every YAML and rejects duplicate keys.
    package func duplicates(_ context: FindingContext) -> String? { LintSetup.yamlDuplicateKeyCheck(context.facts) }

    package func propose(_ context: FindingContext) -> DiffProposal? {
        let yaml = context.files {
            ($0.kind == .yaml) && !$0.isTest && ($0.path.hasSuffix(".yaml") || $0.path.hasSuffix(".yml"))
        }
        // Config folders: `configs/`, `recipes/`, or a package's `*_configs/` folder, at the first or second level.
        var candidates = Set<String>()
        for f in yaml {
            let parts = f.path.split(separator: "/").map(String.init)
            for depth in 1...min(2, max(1, parts.count - 1)) where parts.count > depth {
                let name = parts[depth - 1].lowercased()
                if Self.folders.contains(name) || name.hasSuffix("_configs") || name.hasSuffix("-configs")
                    || name.hasSuffix("_recipes")
                {
                    candidates.insert(parts[0..<depth].joined(separator: "/"))
                    break
                }
            }
        }
        let roots = candidates.sorted().filter { root in yaml.filter { $0.path.hasPrefix(root + "/") }.count >= 3 }
            .prefix(3).map { $0 }
        guard !roots.isEmpty else { return nil }
        let readsYAML = context.productModules.contains { m in
            m.imports.contains {
                ["yaml", "omegaconf", "hydra"].contains(String($0.module.split(separator: ".").first ?? ""))
            }
                || m.calls.contains {
                    ["parse_yaml_file", "from_yaml", "load_yaml", "parse_args_and_config"].contains(
                        FindingContext.lastSegment($0.callee))
                }
        }
        guard readsYAML else { return nil }
        let dir = ScaffoldPlace.testsDirectory(context)
        let path = "\(dir)/test_config_files.py"
        guard context.isFree(path) else { return nil }
        let style = ScaffoldPlace.style(
            context, sample: QualityGates.testFiles(context).first?.path ?? context.productModules.first?.path ?? path)
        let q = style.quote
        let u = style.indent
        let depth = path.split(separator: "/").count - 1
        let globs = roots.flatMap { r in ["yaml", "yml"].map { "sorted((ROOT / \(q)\(r)\(q)).rglob(\(q)*.\($0)\(q)))" }
        }
        let count = yaml.filter { f in roots.contains { f.path.hasPrefix($0 + "/") } }.count
        let body =
            [
                "\(q)\(q)\(q)Every YAML config parses, and no mapping gives a key twice (PyYAML would keep the last one silently).\(q)\(q)\(q)",
                "import pathlib", "", "import pytest", "import yaml", "",
                "ROOT = pathlib.Path(__file__).resolve().parents[\(depth)]",
                "FILES = " + globs.joined(separator: " + "), "", "",
                "class UniqueKeyLoader(yaml.SafeLoader):",
                u + "def construct_mapping(self, node, deep=False):",
                u + u + "keys = [self.construct_object(key, deep=deep) for key, _ in node.value]",
                u + u + "twice = sorted({str(key) for key in keys if keys.count(key) > 1})",
                u + u + "if twice:",
                u + u + u
                    + "raise yaml.constructor.ConstructorError(None, None, \(q)duplicate key(s): \(q) + \(q), \(q).join(twice), node.start_mark)",
                u + u + "return super().construct_mapping(node, deep=deep)", "", "",
                "# Application tags (`!function`, `!!python/name:`) are the application's business here: read as null.",
                "UniqueKeyLoader.add_multi_constructor(\(q)!\(q), lambda loader, suffix, node: None)",
                "UniqueKeyLoader.add_multi_constructor(\(q)tag:yaml.org,2002:python/\(q), lambda loader, suffix, node: None)",
                "", "",
                "@pytest.mark.parametrize(\(q)path\(q), FILES, ids=lambda p: str(p.relative_to(ROOT)))",
                "def test_config_parses_without_duplicate_keys(path):",
                u + "with open(path, encoding=\(q)utf-8\(q)) as fh:",
                u + u + "list(yaml.load_all(fh, Loader=UniqueKeyLoader))",
            ].joined(separator: "\n") + "\n"
        return DiffProposal(
            title:
                "Add `\(path)`: the \(count) YAML configs under \(roots.map { "`\($0)/`" }.joined(separator: ", ")) parse, without duplicate keys",
            why:
                "The configs under \(roots.joined(separator: ", ")) are read at run time; a YAML error or a key given twice (the second silently wins) surfaces only when that config is used. This test reads each one with a safe loader that refuses duplicate keys.",
            risk:
                "None for the code (a new test). A config that really repeats a key fails its case: remove the shadowed entry (the one PyYAML ignored).",
            rollback: FindingContext.rollback(modified: [], created: [path]),
            testsDocs:
                "This is the test: `python -m pytest -q \(path)` (needs PyYAML, which the configs' readers already use).",
            files: [DiffProposal.File(path: path, original: nil, updated: body)],
            // The first test target of a repository without tests adds its pytest target.
            subfeatures: QualityGates.testFiles(context).isEmpty ? [.pytestTargets] : [])
    }
}
