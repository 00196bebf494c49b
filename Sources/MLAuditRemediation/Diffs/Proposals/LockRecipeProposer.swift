import Foundation
import MLAuditKit
import MLAuditPython
import MLAuditReport
import MLAuditFacts
import MLAuditRules

/// A `make lock` recipe that pins the whole dependency tree, with hashes, from the repository's own manifest
/// (or from the README's ad hoc `pip install` line when there is no manifest at all).
package struct LockRecipeProposer: DiffProposer {
    package func propose(_ context: FindingContext) -> DiffProposal? {
        guard !NoLockFileCheck().evaluate(context).isEmpty else { return nil }
        var files: [DiffProposal.File] = []
        var source: String
        if let req = Requirements.files(context).first(where: { !$0.path.contains("/") }) {
            source = req.path
        } else if let py = context.editor("pyproject.toml"), py.lines.contains(where: { $0.hasPrefix("dependencies") }) {
            source = "pyproject.toml"
        } else if context.facts.snapshot.file("setup.py") != nil {
            source = "setup.py"
        } else if let packages = Self.readmePackages(context), context.isFree("requirements.in") {
            source = "requirements.in"
            files.append(DiffProposal.File(path: source, original: nil,
                                           updated: "# Direct dependencies (from the README's install line); pin them with `make lock`.\n" + packages.joined(separator: "\n") + "\n"))
        } else {
            return nil
        }
        let output = "requirements.lock"
        guard context.isFree(output) else { return nil }
        // An existing Makefile keeps its targets: the recipe takes the first free name for each role.
        let existing = context.files { Self.makefileNames.contains($0.path) }.first.flatMap { context.editor($0.path) }
        // A Makefile that already produces a lock (its recipe runs a lock tool) needs no second recipe.
        if let existing, existing.lines.contains(where: { l in l.hasPrefix("\t") && Self.lockCommands.contains { l.contains($0) } }) { return nil }
        let taken = existing.map { Self.targets(in: $0.lines) } ?? []
        guard let lock = ["lock", "deps-lock", "lock-deps"].first(where: { !taken.contains($0) }),
              let sync = ["sync", "deps-sync", "sync-deps", "lock-sync"].first(where: { !taken.contains($0) }) else { return nil }
        let recipe = [".PHONY: \(lock) \(sync)",
                      "\(lock):  ## Pin every dependency, with hashes, into \(output) (pip install pip-tools)",
                      "\tpython -m piptools compile --generate-hashes --output-file \(output) \(source)",
                      "\(sync):  ## Install exactly the pinned set",
                      "\tpython -m piptools sync \(output)"]
        let makefile: DiffProposal.File
        if var editor = existing {
            if editor.lines.last?.isEmpty == false { editor.append([""]) }
            editor.append(recipe)
            makefile = DiffProposal.File(editor)
        } else {
            guard context.isFree("Makefile") else { return nil }
            makefile = DiffProposal.File(path: "Makefile", original: nil, updated: recipe.joined(separator: "\n") + "\n")
        }
        files.insert(makefile, at: 0)
        let created = files.filter { $0.original == nil }.map(\.path)
        let modified = files.filter { $0.original != nil }.map(\.path)
        return DiffProposal(
            title: "Add a `make \(lock)` recipe that pins dependencies with hashes (\(output) from \(source))",
            why: "No lock file exists, so every install resolves \(source == "requirements.in" ? "the README's unversioned packages" : source) afresh and transitive versions drift; `make \(lock)` writes a fully pinned, hashed \(output) and `make \(sync)` installs exactly it\(existing == nil ? "" : " (appended to the existing \(makefile.path), whose targets are unchanged)").",
            risk: "Running `make \(lock)` needs network and pip-tools; the lock is platform-specific (CUDA wheels, OS markers), so generate it on the target platform and commit it.",
            rollback: FindingContext.rollback(modified: modified, created: created),
            testsDocs: "Run `make \(lock)` once and commit \(output); make the local gate install with `make \(sync)`; document both in the README's install section.",
            files: files)
    }

    package static let lockCommands = ["piptools compile", "pip-compile", "uv lock", "uv pip compile", "poetry lock", "pdm lock", "conda-lock", "pixi install"]

    /// The names GNU make reads, in its lookup order.
    package static let makefileNames = ["GNUmakefile", "makefile", "Makefile"]

    /// Target names a Makefile defines (`a b: deps`, `a::`), skipping recipe lines, comments and variable assignments.
    package static func targets(in lines: [String]) -> Set<String> {
        var out: Set<String> = []
        for line in lines {
            guard let first = line.first, first != "\t", first != "#", first != " " else { continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let head = line[..<colon]
            let rest = line[line.index(after: colon)...]
            if head.contains("=") || rest.hasPrefix("=") { continue }   // `X := y`, `X = a:b`
            for name in head.split(whereSeparator: { $0 == " " || $0 == "\t" }) { out.insert(String(name)) }
        }
        return out
    }

    /// Package names of the README's single `pip install a b c` line (plain names only).
    package static func readmePackages(_ context: FindingContext) -> [String]? {
        guard let readme = context.files({ $0.path.lowercased().hasPrefix("readme") }).first else { return nil }
        let candidates = context.facts.lines(readme.path).compactMap { line -> [String]? in
            guard let r = line.range(of: "pip install ") else { return nil }
            let words = line[r.upperBound...].split(separator: " ").map(String.init).filter { !$0.isEmpty }
            guard !words.isEmpty, words.allSatisfy({ w in w.allSatisfy { $0.isLetter || $0.isNumber || "-_.[]=<>!~,".contains($0) } && !w.hasPrefix("-") }) else { return nil }
            return words
        }
        guard candidates.count == 1 else { return nil }
        return candidates[0]
    }
}
