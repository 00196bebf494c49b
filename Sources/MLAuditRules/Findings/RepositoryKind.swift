import Foundation
import MLAuditFacts
import MLAuditKit
import MLAuditPython
import MLAuditReport

/// What kind of repository is audited, read from its layout: it decides which findings matter and how they rank
/// (a lock file matters for an application, not for a pip-installable library; training gaps do not apply to an
/// inference-only library; an archived repository gets no process advice).
public enum RepositoryKind: String, Sendable {
    /// Installable package (setup.py / `[project]` / setup.cfg metadata) whose users import it.
    case library
    /// Scripts and a model, not packaged: research code (nanoGPT, alpaca-lora).
    case research
    /// Deployed program: packaged or not, with a Dockerfile or a console entry point and a training/serving path.
    case application
    /// No training loop, optimizer step or trainer anywhere in product code.
    case inferenceOnly = "inference-only"
    /// The README says it is archived or no longer maintained.
    case archived

    package static func of(_ context: FindingContext) -> RepositoryKind {
        context.facts.memo("RepositoryKind") { classify(context) }
    }

    /// Installable with importable packages, whatever else it is (an inference-only library is still a library).
    package static func isPackagedLibrary(_ context: FindingContext) -> Bool {
        context.facts.memo("isPackagedLibrary") {
            let facts = context.facts
            return declaresPackage(facts)
                && context.productModules.contains { m in
                    let parts = m.path.split(separator: "/")
                    guard parts.count >= 2 else { return false }
                    let top = parts[0] == "src" && parts.count >= 3 ? "src/" + parts[1] : String(parts[0])
                    return facts.snapshot.file(top + "/__init__.py") != nil
                }
        }
    }

    /// Package metadata is declared: a `setup.py`, keys under pyproject's `[project]` or `[tool.poetry]` (read
    /// from the parsed TOML, so a commented-out table does not count), or setup.cfg's `[metadata]`.
    static func declaresPackage(_ facts: RepositoryFacts) -> Bool {
        func under(_ table: String, _ path: String) -> Bool {
            facts.config.entries(in: path).contains { $0.keyPath.hasPrefix(table + ".") }
        }
        return facts.snapshot.file("setup.py") != nil || under("project", "pyproject.toml")
            || under("tool.poetry", "pyproject.toml") || under("metadata", "setup.cfg")
    }

    package static func classify(_ context: FindingContext) -> RepositoryKind {
        let facts = context.facts
        if let readme = facts.files.first(where: { !$0.path.contains("/") && $0.name.lowercased().hasPrefix("readme") }
        ),
            let text = facts.text(readme.path)?.prefix(4000).lowercased(),
            [
                "this repository is archived", "this project is archived", "no longer maintained",
                "no longer actively maintained", "is deprecated and",
            ].contains(where: text.contains)
        {
            return .archived
        }
        if context.trainingModules.isEmpty && !context.productModules.isEmpty { return .inferenceOnly }
        let packaged = declaresPackage(facts)
        let packages = Set(
            context.productModules.compactMap { m -> String? in
                let parts = m.path.split(separator: "/")
                guard parts.count >= 2 else { return nil }
                let top = parts[0] == "src" && parts.count >= 3 ? "src/" + parts[1] : String(parts[0])
                return facts.snapshot.file(top + "/__init__.py") != nil ? top : nil
            })
        let deployed = facts.files.contains { $0.name == "Dockerfile" || $0.name.hasSuffix(".Dockerfile") }
        // Packaged code users import is a library, unless the repository is run as scripts from its root
        // (`train.py`, `detect.py` with `__main__` blocks: an application that happens to be installable).
        let runNames: Set<String> = [
            "train.py", "detect.py", "val.py", "predict.py", "inference.py", "serve.py", "app.py", "main.py",
            "generate.py", "finetune.py", "export.py", "evaluate.py",
        ]
        let rootScripts = context.productModules.filter { runNames.contains($0.path) && !$0.mainBlocks.isEmpty }
        if packaged && !packages.isEmpty { return rootScripts.count >= 2 ? .application : .library }
        return deployed ? .application : .research
    }
}
